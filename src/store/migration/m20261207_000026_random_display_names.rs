//! Phone-first accounts were named after the last four digits of their
//! phone number (`用户1234`, `使用者1234`, `User 1234`), which shows part of
//! the number to everyone. Such names that still equal that form of the
//! account's own number get a random name of the form new accounts get
//! (`用户k7m2xq`: [`random_name`], a frozen copy of
//! `crate::features::accounts::codes::random_display_name`). A name the
//! user chose, or one that matches another number, stays.
//!
//! Candidates are narrowed in SQL by prefix (`LIKE`, the same on the three
//! backends) and compared exactly here; each rename is one parameterised
//! `UPDATE` that also checks the name is unchanged, so a rename racing a
//! profile edit keeps the user's edit. There is no `down`: the old names
//! are what this migration removes.

use rand::Rng;
use sea_orm::{ConnectionTrait, FromQueryResult};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The prefixes of the old names, one per language, and of the new ones.
const PREFIXES: [&str; 3] = ["用户", "使用者", "User "];

/// Frozen alphabet and length of a generated name (no `0 o 1 l i`).
const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
const RANDOM_LEN: usize = 6;

/// `prefix` and six random characters of [`ALPHABET`].
fn random_name(prefix: &str) -> String {
    let mut rng = rand::rng();
    let tail: String = (0..RANDOM_LEN).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
    format!("{prefix}{tail}")
}

/// The prefix of `name` when it is the old generated name of `phone` (a
/// prefix and the number's last four characters).
fn old_generated_prefix(name: &str, phone: &str) -> Option<&'static str> {
    let chars: Vec<char> = phone.chars().collect();
    let last4: String = chars[chars.len().saturating_sub(4)..].iter().collect();
    PREFIXES.into_iter().find(|p| name.strip_prefix(p) == Some(last4.as_str()))
}

#[derive(FromQueryResult)]
struct Candidate {
    id: i64,
    name: String,
    phone: String,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let b = manager.get_database_backend();
        let (users, id, name, phone) = (Alias::new("users"), Alias::new("id"), Alias::new("name"), Alias::new("phone"));
        let mut prefix = Condition::any();
        for p in PREFIXES {
            prefix = prefix.add(Expr::col(name.clone()).like(format!("{p}%")));
        }
        let select = Query::select()
            .columns([id.clone(), name.clone(), phone.clone()])
            .from(users.clone())
            .and_where(Expr::col(phone.clone()).is_not_null())
            .cond_where(prefix)
            .to_owned();
        for c in Candidate::find_by_statement(b.build(&select)).all(db).await? {
            let Some(p) = old_generated_prefix(&c.name, &c.phone) else { continue };
            let update = Query::update()
                .table(users.clone())
                .value(name.clone(), random_name(p))
                .and_where(Expr::col(id.clone()).eq(c.id))
                .and_where(Expr::col(name.clone()).eq(c.name.as_str()))
                .to_owned();
            db.execute(&update).await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_old_generated_name_of_the_accounts_own_number_is_replaced() {
        assert_eq!(old_generated_prefix("用户8000", "13800138000"), Some("用户"));
        assert_eq!(old_generated_prefix("使用者8000", "13800138000"), Some("使用者"));
        assert_eq!(old_generated_prefix("User 0123", "+14155550123"), Some("User "));
        assert_eq!(old_generated_prefix("用户8001", "13800138000"), None, "another number");
        assert_eq!(old_generated_prefix("用户小王", "13800138000"), None, "a chosen name");
        assert_eq!(old_generated_prefix("用户8000x", "13800138000"), None);
        let n = random_name("用户");
        assert!(n.starts_with("用户") && n.chars().count() == 2 + RANDOM_LEN, "{n}");
    }
}
