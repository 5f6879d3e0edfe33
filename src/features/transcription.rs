//! Speech to text for spoken mock-interview answers: a `recording` file of
//! the caller is sent to an OpenAI-compatible `POST {base}/audio/transcriptions`
//! (the route OpenAI, whisper.cpp / faster-whisper servers and several Chinese
//! providers serve) as multipart `file`, `model`, `response_format=verbose_json`
//! and a `language` hint (ISO 639-1, from the interview's questions). The
//! transcript becomes the answer, which the user may edit before submitting.
//!
//! Settings: `transcription_base_url` (default `llm_base_url`),
//! `transcription_api_key` (default `llm_api_key`), `transcription_model`
//! (default `whisper-1`), `transcription_timeout_secs`. Each transcription
//! uses one of the user's daily LLM calls ([`quota`](crate::features::quota)).

use std::time::Duration;

use serde::Deserialize;

use crate::entity::enums::FilePurpose;
use crate::error::{Error, Result};
use crate::features::quota::{self, Quota};
use crate::features::{files, interviews, scoring};
use crate::state::AppState;

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
        let text = reply.text.trim().to_owned();
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

/// The ISO 639-1 language of interview questions: `en` when they are mostly
/// English, `zh` otherwise; `None` without questions.
fn language_of<'a>(questions: impl Iterator<Item = &'a str>) -> Option<&'static str> {
    let text: String = questions.collect::<Vec<_>>().join("\n");
    if text.trim().is_empty() {
        return None;
    }
    Some(if scoring::is_english(&text) { "en" } else { "zh" })
}

/// Transcribe `user_id`'s recording `recording_file_id` for their interview
/// `interview_id`. Uses one of the user's daily LLM calls.
///
/// # Errors
/// 403 `forbidden` / 404 `not_found` for an interview or file that is not
/// the caller's or does not exist; 400 `validation_failed`
/// (`recording_file_id` `not_found`) for a file that is not a recording;
/// 503 `transcription_unavailable` when no endpoint is configured;
/// 429 `quota_exceeded` when the day's LLM calls are used up;
/// 502 `transcription_failed` when the endpoint fails or times out.
pub async fn transcribe(state: &AppState, user_id: i64, interview_id: i64, recording_file_id: i64) -> Result<Transcript> {
    let interview = interviews::get(state, user_id, interview_id).await?;
    let file = files::find(state, recording_file_id).await?.ok_or(Error::NotFound)?;
    if file.owner_id != user_id {
        return Err(Error::Forbidden("forbidden"));
    }
    if file.purpose != FilePurpose::Recording.as_str() {
        return Err(Error::field("recording_file_id", "not_found"));
    }
    let Some(transcriber) = &state.transcriber else { return Err(Error::NotConfigured("transcription_unavailable")) };
    quota::charge(state, user_id, Quota::LlmCalls).await?;
    let bytes = files::read_bytes(state, &file).await?.to_vec();
    let language = language_of(interview.questions.iter().map(|q| q.question.as_str()));
    transcriber.transcribe(bytes, &file.content_type, language).await.map_err(|e| {
        tracing::warn!(error = %e, "transcription failed");
        Error::BadGateway("transcription_failed")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_hint_follows_the_questions() {
        assert_eq!(language_of(["Redis 的持久化机制有哪些？", "讲讲 MVCC"].into_iter()), Some("zh"));
        assert_eq!(language_of(["How does Redis persist data?"].into_iter()), Some("en"));
        assert_eq!(language_of(std::iter::empty()), None);
    }

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
