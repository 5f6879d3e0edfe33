//! A small builder for hand-written, parameterised SQL that runs on all three
//! backends: it appends text and binds values, writing `$n` placeholders for
//! PostgreSQL and `?` elsewhere. Used where sea-query's builders get in the
//! way (full-text search, deferred joins). Values are never spliced into SQL.

use sea_orm::sea_query::LikeExpr;
use sea_orm::{DbBackend, Statement, Value};

/// SQL text plus its bound values.
#[derive(Debug)]
pub struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    /// Empty statement for `backend`.
    pub fn new(backend: DbBackend) -> Self {
        Sql { backend, text: String::with_capacity(256), values: Vec::new() }
    }

    /// Append raw SQL (never user input).
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.text.push_str(sql);
        self
    }

    /// Append a placeholder bound to `value`.
    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        if self.backend == DbBackend::Postgres {
            self.text.push_str(&format!("${}", self.values.len()));
        } else {
            self.text.push('?');
        }
        self
    }

    /// Append `template`, replacing each `{}` with a placeholder bound to a clone of `value`.
    pub fn push_bound(&mut self, template: &str, value: impl Into<Value>) -> &mut Self {
        let value = value.into();
        let mut parts = template.split("{}").peekable();
        while let Some(part) = parts.next() {
            self.push(part);
            if parts.peek().is_some() {
                self.bind(value.clone());
            }
        }
        self
    }

    /// Append `(?, ?, …)` for `values`.
    pub fn bind_list<V: Into<Value>>(&mut self, values: impl IntoIterator<Item = V>) -> &mut Self {
        self.push("(");
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.bind(v);
        }
        self.push(")")
    }

    /// The backend this statement is for.
    pub fn backend(&self) -> DbBackend {
        self.backend
    }

    /// Finish into a sea-orm statement.
    pub fn build(&self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text.clone(), self.values.clone())
    }
}

/// A `LIKE` pattern matching `s` anywhere, literally: `%`, `_` and the
/// escape character `!` are escaped (use with `ESCAPE '!'`; `!` rather than
/// a backslash because MySQL treats backslashes in literals specially).
pub fn like(s: &str) -> String {
    let mut out = String::from("%");
    for c in s.chars() {
        if matches!(c, '%' | '_' | '!') {
            out.push('!');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// A sea-query `LIKE '%q%' ESCAPE '!'` matching `q` literally (see [`like`]).
pub fn like_pattern(q: &str) -> LikeExpr {
    LikeExpr::new(like(q)).escape('!')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_backend() {
        let mut s = Sql::new(DbBackend::Postgres);
        s.push("a = ").bind(1).push(" AND b IN ").bind_list([2, 3]).push_bound(" AND c = {} OR d = {}", 4);
        assert_eq!(s.build().sql, "a = $1 AND b IN ($2, $3) AND c = $4 OR d = $5");
        let mut s = Sql::new(DbBackend::MySql);
        s.push("a = ").bind(1).push_bound(" AND c = {}", 4);
        assert_eq!(s.build().sql, "a = ? AND c = ?");
    }
}
