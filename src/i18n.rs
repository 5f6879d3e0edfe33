//! Language negotiation and localisation of error bodies.
//!
//! Messages live in `locales/{zh-CN,zh-TW,en}.yml` and are looked up with
//! `rust-i18n`. The caller's language comes from `Accept-Language`
//! (RFC 9110 §12.5.4 quality values); zh-CN is the default.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::{default_code, ApiError, ErrorBody, FieldErrors};

/// A supported UI/API language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    ZhCn,
    /// Traditional Chinese.
    ZhTw,
    /// English.
    En,
}

impl Lang {
    /// The locale name used by the translation files.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::ZhTw => "zh-TW",
            Lang::En => "en",
        }
    }

    /// Pick the best supported language from an `Accept-Language` value.
    /// Tags are ranked by `q` (default 1); `zh-TW`, `zh-HK`, `zh-MO` and
    /// `zh-Hant*` map to Traditional Chinese, other `zh*` to Simplified.
    pub fn from_accept_language(value: &str) -> Lang {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (pos, part) in value.split(',').enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let lang = if tag.starts_with("zh") {
                if ["tw", "hk", "mo", "hant"].iter().any(|t| tag.contains(t)) {
                    Lang::ZhTw
                } else {
                    Lang::ZhCn
                }
            } else if tag.starts_with("en") {
                Lang::En
            } else {
                continue;
            };
            if q > 0.0 && best.is_none_or(|(bq, _, _)| q > bq) {
                best = Some((q, pos, lang));
            }
        }
        best.map_or(Lang::ZhCn, |(_, _, l)| l)
    }

    /// Language of a request's headers.
    pub fn from_headers(headers: &HeaderMap) -> Lang {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map_or(Lang::ZhCn, Lang::from_accept_language)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::from_headers(&parts.headers))
    }
}

/// Translate `key` into `lang`, replacing `%{name}` with `params`.
pub fn tr(lang: Lang, key: &str, params: &[(&str, String)]) -> String {
    let mut text = rust_i18n::t!(key, locale = lang.locale()).into_owned();
    for (name, value) in params {
        text = text.replace(&format!("%{{{name}}}"), value);
    }
    text
}

fn render_fields(lang: Lang, fields: &FieldErrors) -> BTreeMap<String, Vec<String>> {
    fields
        .iter()
        .map(|(name, errs)| {
            let reasons = errs
                .iter()
                .map(|e| tr(lang, &format!("validation.{}", e.code), &e.params))
                .collect();
            (name.clone(), reasons)
        })
        .collect()
}

/// Middleware: give every `/api` error response its JSON body in the caller's
/// language. Errors raised by handlers carry an [`ApiError`] extension; bare
/// error statuses from routing or layers (404, 405, 413, …) get a default code.
pub async fn localize(req: Request, next: Next) -> Response {
    let lang = Lang::from_headers(req.headers());
    let is_api = req.uri().path().starts_with("/api/");
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let api_error = parts.extensions.remove::<ApiError>();
    let is_json = parts
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    // Leave non-API and already-rendered JSON errors alone (e.g. the SPA).
    if api_error.is_none() && (!is_api || is_json) {
        return Response::from_parts(parts, body);
    }
    let (code, fields, resets_at) = match api_error {
        Some(e) => (e.code, e.fields, e.resets_at),
        None => (default_code(status), None, None),
    };
    let out = ErrorBody {
        code: code.to_owned(),
        message: tr(lang, &format!("errors.{code}"), &[]),
        fields: fields.as_ref().map(|f| render_fields(lang, f)),
        resets_at: resets_at.as_ref().map(crate::time::fmt),
    };
    let bytes = serde_json::to_vec(&out).unwrap_or_default();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.locale()));
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn accept_language_picks_highest_quality_supported_tag() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr, zh-TW;q=0.8, en;q=0.5"), Lang::ZhTw);
        assert_eq!(Lang::from_accept_language("zh-Hant-HK"), Lang::ZhTw);
        assert_eq!(Lang::from_accept_language("zh"), Lang::ZhCn);
        assert_eq!(Lang::from_accept_language("de, fr"), Lang::ZhCn);
        assert_eq!(Lang::from_accept_language("en;q=0, zh-CN;q=0.1"), Lang::ZhCn);
        assert_eq!(Lang::from_accept_language(""), Lang::ZhCn);
    }
}
