//! Reference lists: careers (job directions) and schools, and the name of a
//! career in the reader's language ([`career_label`]).

use crate::entity::{career, school};
use crate::error::Result;
use crate::i18n::{tr, Lang};
use crate::state::AppState;
use crate::store::catalog;

/// The stored (Simplified Chinese) name of each seeded career and the slug
/// of its message key `interview.career.<slug>` in
/// `locales/interview-select.yml`.
pub const CAREER_KEYS: &[(&str, &str)] = &[
    ("前端", "frontend"),
    ("后端", "backend"),
    ("Java", "java"),
    ("C++", "cpp"),
    ("Go", "go"),
    ("Android", "android"),
    ("iOS", "ios"),
    ("算法", "algorithms"),
    ("人工智能", "ai"),
    ("数据科学", "data_science"),
    ("数据分析", "data_analysis"),
    ("测试开发", "test_engineering"),
    ("运维", "operations"),
    ("嵌入式", "embedded"),
    ("系统设计", "system_design"),
    ("计算机基础", "cs_fundamentals"),
    ("产品经理", "product_manager"),
    ("设计", "design"),
    ("运营", "operations_marketing"),
    ("行为面试", "behavioural"),
];

/// The career stored as `name` in `lang` (前端 → "Front end" in English,
/// 后端 → 後端 in zh-TW); a career without a message key (one an import
/// created) keeps its stored name.
pub fn career_label(lang: Lang, name: &str) -> String {
    match CAREER_KEYS.iter().find(|(n, _)| *n == name.trim()) {
        Some((_, slug)) => tr(lang, &format!("interview.career.{slug}"), &[]),
        None => name.to_owned(),
    }
}

/// Page `page` (1-based) of `per_page` careers in display order, and how many there are.
///
/// # Errors
/// Database failures.
pub async fn careers(state: &AppState, page: u64, per_page: u64) -> Result<(Vec<career::Model>, u64)> {
    Ok(catalog::careers(&state.db, page, per_page).await?)
}

/// Page `page` (1-based) of `per_page` schools whose name contains `text`
/// (all schools without it), and how many match.
///
/// # Errors
/// Database failures.
pub async fn schools(state: &AppState, text: Option<&str>, page: u64, per_page: u64) -> Result<(Vec<school::Model>, u64)> {
    Ok(catalog::schools(&state.db, text, page, per_page).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn careers_read_in_every_language_and_unknown_ones_keep_their_name() {
        assert_eq!(career_label(Lang::En, "前端"), "Front end");
        assert_eq!(career_label(Lang::ZhTw, "后端"), "後端");
        assert_eq!(career_label(Lang::ZhCn, "行为面试"), "行为面试");
        assert_eq!(career_label(Lang::En, "区块链"), "区块链");
        for (name, _) in CAREER_KEYS {
            for lang in [Lang::ZhCn, Lang::ZhTw, Lang::En] {
                assert!(!career_label(lang, name).starts_with("interview."), "{name} has no {lang:?} text");
            }
        }
    }
}
