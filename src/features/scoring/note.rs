//! Text the interviewer produces (feedback, hints, follow-ups, explanations),
//! kept as a message key with parameters and rendered in the reader's
//! language when read, so a report written in one language reads in another.
//!
//! Keys live in `locales/interview.yml` (one file, every language side by
//! side). Parameters are plain strings; a parameter that is itself a list
//! (key points, say) is joined by the caller before it becomes a parameter,
//! with [`Note::list`] choosing the separator of the reader's language.

use serde::{Deserialize, Serialize};

use crate::i18n::{tr, Lang};

/// A message key with its `%{name}` parameters, e.g.
/// `{"key": "interview.hint.missed_point", "params": {"point": "AOF 重写"}}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Note {
    /// A key of `locales/interview.yml`.
    pub key: String,
    /// Values of the key's `%{name}` placeholders.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub params: std::collections::BTreeMap<String, String>,
}

impl Note {
    /// A note without parameters.
    pub fn new(key: &str) -> Note {
        Note { key: key.to_owned(), params: Default::default() }
    }

    /// This note with the parameter `name` set to `value`.
    #[must_use]
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Note {
        self.params.insert(name.to_owned(), value.into());
        self
    }

    /// The note in `lang`. A parameter whose value is itself a message key
    /// (it starts with `interview.`) is rendered first, so a dimension's
    /// name can be a parameter of a sentence.
    pub fn render(&self, lang: Lang) -> String {
        let params: Vec<(&str, String)> = self
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), if v.starts_with("interview.") { tr(lang, v, &[]) } else { v.clone() }))
            .collect();
        tr(lang, &self.key, &params)
    }

    /// A note carrying text that is already in its reader's language (an
    /// LLM's feedback or follow-up): key `interview.verbatim`.
    pub fn verbatim(text: impl Into<String>) -> Note {
        Note::new("interview.verbatim").with("text", text)
    }

    /// `items` joined the way `lang` lists things (、 in Chinese, ", " in English).
    pub fn list(lang: Lang, items: &[String]) -> String {
        items.join(if lang == Lang::En { ", " } else { "、" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_renders_in_each_language_with_its_parameters() {
        let n = Note::new("interview.note_selftest").with("name", "AOF");
        assert_eq!(n.render(Lang::En), "Note AOF");
        assert_eq!(n.render(Lang::ZhCn), "备注 AOF");
        assert_eq!(n.render(Lang::ZhTw), "備註 AOF");
        let json = serde_json::to_string(&n).expect("serialises");
        assert_eq!(serde_json::from_str::<Note>(&json).expect("parses"), n);
    }
}
