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

pub mod client;

pub use self::client::{Transcriber, Transcript};
use crate::entity::enums::FilePurpose;
use crate::error::{Error, Result};
use crate::features::quota::{self, Quota};
use crate::features::{files, interviews, scoring};
use crate::i18n::Lang;
use crate::state::AppState;

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
    let interview = interviews::get(state, Lang::ZhCn, user_id, interview_id).await?;
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
    // The interview's question language; interviews from before it was
    // recorded fall back to the language of their questions.
    let language = match interview.interview.lang.as_deref() {
        Some("en") => Some("en"),
        Some("zh") => Some("zh"),
        _ => language_of(interview.questions.iter().map(|q| q.question.as_str())),
    };
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
}
