//! Which characters text from outside may contain.
//!
//! Control characters have no place in the text people type (names, titles,
//! 面经, comments, search words): at best they are invisible, at worst they
//! break storage — PostgreSQL refuses a NUL in `text` (a 500 before these
//! checks), SQLite stores it and later readers cut the text there. The API
//! therefore refuses them at its edge (the JSON, query and multipart
//! extractors in `crate::http`), with 400 on every backend, and text from
//! other sources (a PDF's extracted text, headers kept for display) is
//! cleaned with [`sanitize`] instead.
//!
//! The rule follows OWASP ASVS 5.0 V2.2 (input validation: check what a
//! field may hold, at a trusted layer): TAB, LF and CR are text; every
//! other C0 control (U+0000–U+001F), DEL (U+007F) and the noncharacters
//! U+FFFE/U+FFFF are not. Lone surrogates cannot occur in a Rust `str` (the
//! JSON parser refuses `\uD800` alone).

use std::borrow::Cow;

/// Whether `c` is refused in text: a C0 control other than TAB, LF and CR,
/// DEL, or the noncharacters U+FFFE and U+FFFF.
pub fn forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}' | '\u{fffe}' | '\u{ffff}')
}

/// Whether `s` contains a [`forbidden`] character.
pub fn has_forbidden(s: &str) -> bool {
    s.chars().any(forbidden)
}

/// `s` with every [`forbidden`] character replaced by a space (borrowed when
/// there is none), for text that is kept rather than refused.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if has_forbidden(s) {
        Cow::Owned(s.chars().map(|c| if forbidden(c) { ' ' } else { c }).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// The first [`forbidden`] character in a raw JSON document, also through
/// escapes: `\u0000`–`\u001F` (other than `\t`, `\n`, `\r`), `\b`, `\f`,
/// `\u007F`, `\uFFFE`, `\uFFFF`, and raw DEL or U+FFFE/U+FFFF bytes (a raw
/// C0 control is already invalid JSON). A backslash can only start an escape
/// inside a string of valid JSON, so no string tracking is needed; `\\u0000`
/// is an escaped backslash followed by text, not a NUL.
///
/// Returns the character found, or `None`. Linear, and cheap for the usual
/// body without backslashes (a `memchr`-style scan per byte).
pub fn json_forbidden(raw: &[u8]) -> Option<char> {
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'\\' => {
                let &kind = raw.get(i + 1)?;
                match kind {
                    b'b' => return Some('\u{8}'),
                    b'f' => return Some('\u{c}'),
                    b'u' => {
                        let c = raw
                            .get(i + 2..i + 6)
                            .and_then(|h| std::str::from_utf8(h).ok())
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32);
                        if let Some(c) = c.filter(|c| forbidden(*c)) {
                            return Some(c);
                        }
                        i += 6;
                        continue;
                    }
                    _ => i += 2,
                }
                continue;
            }
            0x7f => return Some('\u{7f}'),
            // U+FFFE / U+FFFF in UTF-8: EF BF BE / EF BF BF.
            0xef if raw.get(i + 1) == Some(&0xbf) && matches!(raw.get(i + 2), Some(0xbe | 0xbf)) => {
                return Some(if raw[i + 2] == 0xbe { '\u{fffe}' } else { '\u{ffff}' });
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where in the JSON `value` the first string (or object key) holding a
/// [`forbidden`] character is, as a field path such as `title`,
/// `answers[2].text` or `tags[0]`; `None` when there is none. An offending
/// object key names the object it is in.
pub fn json_field_with_forbidden(value: &serde_json::Value) -> Option<String> {
    fn walk(v: &serde_json::Value, path: &mut String) -> bool {
        match v {
            serde_json::Value::String(s) => has_forbidden(s),
            serde_json::Value::Array(items) => items.iter().enumerate().any(|(i, item)| {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                let found = walk(item, path);
                if !found {
                    path.truncate(len);
                }
                found
            }),
            serde_json::Value::Object(map) => map.iter().any(|(k, item)| {
                if has_forbidden(k) {
                    return true;
                }
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                let found = walk(item, path);
                if !found {
                    path.truncate(len);
                }
                found
            }),
            _ => false,
        }
    }
    let mut path = String::new();
    walk(value, &mut path).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_newline_and_return_are_text_other_controls_are_not() {
        for ok in ['\t', '\n', '\r', ' ', 'a', '面', '\u{80}', '\u{fffd}', '😀'] {
            assert!(!forbidden(ok), "{ok:?}");
        }
        for bad in ['\0', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{fffe}', '\u{ffff}'] {
            assert!(forbidden(bad), "{bad:?}");
        }
    }

    #[test]
    fn sanitize_replaces_only_forbidden_characters() {
        assert!(matches!(sanitize("Mozilla/5.0\tok"), Cow::Borrowed(_)));
        assert_eq!(sanitize("a\0b\u{7f}c\nd"), "a b c\nd");
    }

    #[test]
    fn json_scan_sees_escapes_and_raw_bytes_but_not_escaped_backslashes() {
        assert_eq!(json_forbidden(br#"{"a":"x\u0000y"}"#), Some('\0'));
        assert_eq!(json_forbidden(br#"{"a":"x\u001Fy"}"#), Some('\u{1f}'));
        assert_eq!(json_forbidden(br#"{"a":"\b"}"#), Some('\u{8}'));
        assert_eq!(json_forbidden(br#"{"a":"\f"}"#), Some('\u{c}'));
        assert_eq!(json_forbidden(br#"{"a":"\u007f"}"#), Some('\u{7f}'));
        assert_eq!(json_forbidden(br#"{"a":"\uFFFF"}"#), Some('\u{ffff}'));
        assert_eq!(json_forbidden("{\"a\":\"x\u{7f}\"}".as_bytes()), Some('\u{7f}'));
        assert_eq!(json_forbidden("{\"a\":\"x\u{fffe}\"}".as_bytes()), Some('\u{fffe}'));
        // Allowed: escaped TAB/LF/CR, other escapes, an escaped backslash before "u0000".
        assert_eq!(json_forbidden(br#"{"a":"\t\n\r\"\\\/ \u4e2d \u0009\u000A\u000d"}"#), None);
        assert_eq!(json_forbidden(br#"{"a":"\\u0000"}"#), None);
        assert_eq!(json_forbidden(br#"{"a":"\\\u0000"}"#), Some('\0'));
        assert_eq!(json_forbidden("{\"a\":\"面经 ￼\"}".as_bytes()), None);
        // Truncated escapes are the JSON parser's to refuse.
        assert_eq!(json_forbidden(br#"{"a":"\u00"#), None);
        assert_eq!(json_forbidden(br#"\"#), None);
    }

    #[test]
    fn json_walk_names_the_field() {
        let v = serde_json::json!({"title": "ok", "answers": [{"text": "fine"}, {"text": "bad\u{0}"}]});
        assert_eq!(json_field_with_forbidden(&v).as_deref(), Some("answers[1].text"));
        let v = serde_json::json!({"tags": ["a", "\u{1}"]});
        assert_eq!(json_field_with_forbidden(&v).as_deref(), Some("tags[1]"));
        let v = serde_json::json!({"meta": {"k\u{0}": 1}});
        assert_eq!(json_field_with_forbidden(&v).as_deref(), Some("meta"));
        assert_eq!(json_field_with_forbidden(&serde_json::json!({"a": "\t\n"})), None);
    }
}
