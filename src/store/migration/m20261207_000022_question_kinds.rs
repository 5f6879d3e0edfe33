//! Questions get a kind and editable key points; mock interviews a question
//! language.
//!
//! - `questions.kind` (`technical` | `coding` | `design` | `behavioural` |
//!   `reverse`, default `technical`): which rounds may ask a question. Rows
//!   that exist are classified by [`classify`], a frozen copy of
//!   `crate::features::questions::kind::classify` as written with this
//!   migration (so the migration keeps meaning what it meant when applied).
//!   Index `(kind, lang, id)`: every interview draw filters both.
//! - `questions.key_points` (text, null): a JSON list of strings an admin
//!   set; null means derived from the reference answer.
//! - `mock_interviews.lang` (`zh` | `en`, null for older interviews): the
//!   language its questions were drawn in.
//!
//! One `ALTER TABLE` per column: SQLite adds one column per statement.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, FromQueryResult, Statement};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const REVERSE_TAGS: &[&str] = &["反问面试官", "reverse interview"];
const TECHNICAL_CUES: &[&str] = &[
    "安卓", "android", "控件", "插件", "微前端", "开源库", "算法", "数据结构", "单体应用", "人工智能", "机器学习", "验证码",
    "代码编辑器", "技术分析", "单元测试", "源码", "框架", "数据库", "sdk", "api", "algorithm", "data structure", "database",
    "framework",
];
const DESIGN_CUES: &[&str] = &["设计一个", "如何设计", "系统设计", "design a", "design an", "how would you design"];
const CODING_CUES: &[&str] = &["手写", "手撕", "实现一个", "写一个", "编写一个", "implement a", "implement an", "write a function", "write a program"];
const BEHAVIOURAL_CUES: &[&str] = &[
    "自我介绍", "离职", "职业规划", "优缺点", "优点和缺点", "缺点", "期望薪资", "薪资", "加班", "为什么选择我们", "团队合作", "最有成就感",
    "tell me about a time", "tell me about yourself", "introduce yourself", "greatest weakness", "greatest strength", "why do you want",
];

fn has(text: &str, cue: &str) -> bool {
    if !cue.is_ascii() {
        return text.contains(cue);
    }
    let bytes = text.as_bytes();
    text.match_indices(cue).any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + cue.len()).copied();
        let edge = |c: Option<u8>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
        edge(before) && edge(after)
    })
}

fn any(text: &str, cues: &[&str]) -> bool {
    cues.iter().any(|c| has(text, c))
}

/// The kind code of a question (frozen; see the module documentation).
pub fn classify(career: Option<&str>, tags: &[String], content: &str) -> &'static str {
    if tags.iter().any(|t| REVERSE_TAGS.contains(&t.trim().to_lowercase().as_str())) {
        return "reverse";
    }
    let text = content.to_lowercase();
    match career.map(str::trim) {
        Some("系统设计") => "design",
        Some("算法") => "coding",
        Some("行为面试") if any(&text, TECHNICAL_CUES) => "technical",
        Some("行为面试") => "behavioural",
        c => {
            if any(&text, DESIGN_CUES) && !text.contains("设计模式") {
                "design"
            } else if any(&text, CODING_CUES) {
                "coding"
            } else if c.is_none() && any(&text, BEHAVIOURAL_CUES) {
                "behavioural"
            } else {
                "technical"
            }
        }
    }
}

#[derive(FromQueryResult)]
struct Row {
    id: i64,
    content: String,
    career: Option<String>,
}

#[derive(FromQueryResult)]
struct Tag {
    question_id: i64,
    tag: String,
}

/// Ids per statement when classifying (far below every bind limit).
const CHUNK: usize = 500;

async fn add(manager: &SchemaManager<'_>, table: &str, col: ColumnDef) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(Alias::new(table)).add_column(col).to_owned()).await
}

async fn drop(manager: &SchemaManager<'_>, table: &str, col: &str) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(Alias::new(table)).drop_column(Alias::new(col)).to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add(manager, "questions", ColumnDef::new(Alias::new("kind")).string_len(16).not_null().default("technical").to_owned()).await?;
        add(manager, "questions", ColumnDef::new(Alias::new("key_points")).text().null().to_owned()).await?;
        add(manager, "mock_interviews", ColumnDef::new(Alias::new("lang")).string_len(8).null().to_owned()).await?;
        let db = manager.get_connection();
        let b = manager.get_database_backend();
        let rows = Row::find_by_statement(Statement::from_string(
            b,
            "SELECT q.id, q.content, c.name AS career FROM questions q LEFT JOIN careers c ON c.id = q.career_id ORDER BY q.id",
        ))
        .all(db)
        .await?;
        let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
        for t in Tag::find_by_statement(Statement::from_string(b, "SELECT question_id, tag FROM question_tags")).all(db).await? {
            tags.entry(t.question_id).or_default().push(t.tag);
        }
        let mut by_kind: HashMap<&'static str, Vec<i64>> = HashMap::new();
        for r in &rows {
            let kind = classify(r.career.as_deref(), tags.get(&r.id).map_or(&[][..], Vec::as_slice), &r.content);
            if kind != "technical" {
                by_kind.entry(kind).or_default().push(r.id);
            }
        }
        for (kind, ids) in by_kind {
            for chunk in ids.chunks(CHUNK) {
                let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
                // Codes and ids are the migration's own constants and integers, not input.
                db.execute_unprepared(&format!("UPDATE questions SET kind = '{kind}' WHERE id IN ({})", list.join(","))).await?;
            }
        }
        manager
            .create_index(Index::create().name("ix_questions_kind_lang").table(Alias::new("questions")).col(Alias::new("kind")).col(Alias::new("lang")).col(Alias::new("id")).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_questions_kind_lang").table(Alias::new("questions")).to_owned()).await?;
        drop(manager, "mock_interviews", "lang").await?;
        drop(manager, "questions", "key_points").await?;
        drop(manager, "questions", "kind").await
    }
}
