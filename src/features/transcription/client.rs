//! The speech-to-text client: one OpenAI-compatible
//! `POST {base}/audio/transcriptions` request per recording. Kept apart from
//! the flow in the parent module so [`crate::state`] can hold a
//! [`Transcriber`] without an import circle.

use std::time::Duration;

use serde::Deserialize;

/// An OpenAI-compatible speech-to-text endpoint.
#[derive(Clone, Debug)]
pub struct Transcriber {
    /// Base URL, e.g. `https://api.openai.com/v1`.
    pub base_url: String,
    /// Bearer key.
    pub api_key: Option<String>,
    /// Model name, e.g. `whisper-1`.
    pub model: String,
    /// Whole-request timeout.
    pub timeout: Duration,
    /// HTTP client.
    pub client: reqwest::Client,
}

/// A transcribed recording.
#[derive(Clone, Debug, PartialEq)]
pub struct Transcript {
    /// What was said, trimmed.
    pub text: String,
    /// Length of the recording, seconds: from the endpoint's `verbose_json`
    /// reply, else from a WAV file's header; `None` when neither tells.
    pub duration_seconds: Option<f64>,
}

/// The part of a `verbose_json` (or plain `json`) reply this uses.
#[derive(Deserialize)]
struct Reply {
    text: String,
    #[serde(default)]
    duration: Option<f64>,
}

/// Longest transcript accepted, characters: the answer field's limit.
const MAX_TEXT: usize = 10_000;

impl Transcriber {
    /// Transcribe `bytes` (a recording stored as `content_type`).
    ///
    /// # Errors
    /// Connection failures, timeouts, non-2xx answers, replies without a
    /// `text` string or with a text over 10 000 characters.
    pub async fn transcribe(&self, bytes: Vec<u8>, content_type: &str, language: Option<&str>) -> anyhow::Result<Transcript> {
        let wav_seconds = wav_duration(&bytes);
        let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name(content_type)).mime_str(content_type)?;
        let mut form = reqwest::multipart::Form::new()
            .part("file", part)
            .text("model", self.model.clone())
            .text("response_format", "verbose_json");
        if let Some(l) = language {
            form = form.text("language", l.to_owned());
        }
        let url = format!("{}/audio/transcriptions", self.base_url.trim_end_matches('/'));
        let mut req = self.client.post(url).timeout(self.timeout).multipart(form);
        if let Some(k) = &self.api_key {
            req = req.bearer_auth(k);
        }
        let reply: Reply = req.send().await?.error_for_status()?.json().await?;
        // Stored as the answer: no control characters from the remote model.
        let text = crate::text::sanitize(reply.text.trim()).into_owned();
        anyhow::ensure!(text.chars().count() <= MAX_TEXT, "transcript over {MAX_TEXT} characters");
        let duration_seconds = reply.duration.filter(|d| d.is_finite() && *d > 0.0).or(wav_seconds);
        Ok(Transcript { text, duration_seconds })
    }
}

/// A file name whose extension the endpoint recognises (OpenAI decides the
/// format by the extension).
fn file_name(content_type: &str) -> &'static str {
    match content_type {
        "audio/x-wav" | "audio/wav" => "recording.wav",
        "audio/ogg" => "recording.ogg",
        "audio/mpeg" => "recording.mp3",
        "audio/m4a" | "audio/mp4" => "recording.m4a",
        "video/mp4" => "recording.mp4",
        _ => "recording.webm",
    }
}

/// Seconds of a WAV recording, from its header (`None` for other formats).
fn wav_duration(bytes: &[u8]) -> Option<f64> {
    let reader = hound::WavReader::new(std::io::Cursor::new(bytes)).ok()?;
    let rate = reader.spec().sample_rate;
    (rate > 0).then(|| f64::from(reader.duration()) / f64::from(rate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wav_header_gives_the_duration_and_other_bytes_none() {
        let spec = hound::WavSpec { channels: 1, sample_rate: 8000, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
        let mut cursor = std::io::Cursor::new(Vec::new());
        let mut w = hound::WavWriter::new(&mut cursor, spec).expect("writer");
        for i in 0..4000 {
            w.write_sample(((i as f64 * 0.3).sin() * 1000.0) as i16).expect("sample");
        }
        w.finalize().expect("finalize");
        assert_eq!(wav_duration(cursor.get_ref()), Some(0.5));
        assert_eq!(wav_duration(b"\x1aE\xdf\xa3 not a wav"), None);
    }
}
