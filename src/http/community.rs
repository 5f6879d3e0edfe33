//! Pieces of the API shared by experiences, discussions, comments and
//! favorites: the author as readers see it (anonymity, deleted users).

use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::{tr, Lang};

/// Who wrote something, as shown to readers.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Author {
    pub id: i64,
    /// Display name; translated "deleted user" for deleted accounts.
    pub name: String,
    pub avatar: Option<String>,
    /// The account was deleted.
    pub deleted: bool,
}

impl Author {
    /// Build from the joined user columns.
    pub fn new(lang: Lang, id: i64, name: Option<String>, avatar: Option<String>, deleted: bool) -> Author {
        if deleted {
            return Author { id, name: tr(lang, "user.deleted_name", &[]), avatar: None, deleted: true };
        }
        Author { id, name: name.unwrap_or_default(), avatar, deleted: false }
    }
}
