//! Favorites as the store keeps them (`favorites`, keyed by target type and id).

use std::collections::HashSet;

use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::error::Result;
use crate::store::sql::Sql;

/// The ids among `ids` of `target_type` that `user_id` has favorited.
///
/// # Errors
/// Database failures.
pub async fn favorited_ids<C: ConnectionTrait>(db: &C, user_id: Option<i64>, target_type: &str, ids: &[i64]) -> Result<HashSet<i64>> {
    let Some(user_id) = user_id else { return Ok(HashSet::new()) };
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    #[derive(FromQueryResult)]
    struct Row {
        target_id: i64,
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT target_id FROM favorites WHERE user_id = ")
        .bind(user_id)
        .push(" AND target_type = ")
        .bind(target_type)
        .push(" AND target_id IN ")
        .bind_list(ids.iter().copied());
    let rows = Row::find_by_statement(sql.build()).all(db).await?;
    Ok(rows.into_iter().map(|r| r.target_id).collect())
}

