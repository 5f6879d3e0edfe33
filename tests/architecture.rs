//! Guards the layering of `src/` (README, "How it works"):
//! shell → `http` → `features` → `store` → `entity`, arrows only down.
//!
//! - A module may name modules of its own layer or below, never above.
//! - `src/` has no import circle between files.
//! - `http`, `features` and the shell (`cli`, `import`, `eval`, `lib`) never name sea-orm, a database backend, SQL text,
//!   rusqlite or an `ActiveModel`: every query is a store function; nothing outside `store` knows the SQLite machinery.
//! - `AppState` (`src/state.rs`) holds no type defined in `http`.
//!
//! Files are read as text: `use` trees (braces expanded), `crate::…` and
//! `super::…` paths in code; comments, string contents of doc comments and
//! `#[cfg(test)]` sections are skipped. Failures name the file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Rank of a layer: a file may reference ranks ≤ its own. Utilities (`-1`)
/// serve every layer and reference only utilities.
fn layer(module: &str) -> (i32, &'static str) {
    let top = module.split("::").next().unwrap_or("");
    match top {
        "entity" => (0, "entity"),
        "store" => (1, "store"),
        "features" | "state" => (2, "features"),
        "http" | "web" => (3, "http"),
        "main" | "lib" | "cli" | "import" | "eval" | "" => (4, "shell"),
        _ => (-1, "utility"),
    }
}

/// Names that must not appear in `http/` and `features/` (store-only).
const STORE_ONLY: [&str; 10] = [
    "sea_orm",
    "DbBackend",
    "rusqlite",
    "ActiveModel",
    "store::sql",
    "Sql::new",
    "store::sqlite",
    "find_by_statement",
    "execute_raw",
    "query_one_raw",
];

/// SQL text in string literals (store-only).
const SQL_WORDS: [&str; 6] = ["SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", " WHERE ", "JOIN "];

struct Source {
    module: String,
    /// Path from the crate root, e.g. `src/http/mod.rs`.
    file: String,
    /// (line number, code) without comments and test sections.
    lines: Vec<(usize, String)>,
}

fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

fn read_sources(src: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).expect("read file");
            let mut lines = Vec::new();
            for (i, line) in text.lines().enumerate() {
                let trimmed = line.trim_start();
                if trimmed.starts_with("#[cfg(test)]") {
                    break;
                }
                if trimmed.starts_with("//") {
                    continue;
                }
                let code = match line.find("//") {
                    // Keep `://` inside strings (URLs); drop trailing comments.
                    Some(at) if !line[..at].ends_with(':') && line[..at].matches('"').count() % 2 == 0 => &line[..at],
                    _ => line,
                };
                lines.push((i + 1, code.to_owned()));
            }
            Source { module: module_of(src, &f), file: format!("src/{}", f.strip_prefix(src).unwrap_or(&f).display()), lines }
        })
        .collect()
}

/// Expand a `use` tree such as `crate::a::{b, c::{d, e}}` into paths.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else { return vec![tree] };
    let prefix = &tree[..open];
    let close = tree.rfind('}').unwrap_or(tree.len());
    let inner = &tree[open + 1..close];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).flat_map(|p| expand(&format!("{prefix}{p}"))).collect()
}

/// The `crate::`-rooted paths a file names, with their line numbers.
fn references(s: &Source) -> Vec<(usize, String)> {
    let parent = |m: &str| m.rsplit_once("::").map_or(String::new(), |(p, _)| p.to_owned());
    let absolute = |path: &str| -> Option<String> {
        let mut module = s.module.clone();
        let mut rest = path;
        if let Some(r) = rest.strip_prefix("crate::") {
            return Some(r.to_owned());
        }
        if !rest.starts_with("super::") {
            return None;
        }
        // `super` of a file module is its parent; `mod.rs` files are their directory's module.
        while let Some(r) = rest.strip_prefix("super::") {
            module = parent(&module);
            rest = r;
        }
        Some(if module.is_empty() { rest.to_owned() } else { format!("{module}::{rest}") })
    };
    let mut out = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (n, code) in &s.lines {
        let t = code.trim();
        if let Some((start, mut acc)) = pending.take() {
            acc.push_str(t);
            if t.contains(';') {
                out.extend(expand(acc.trim_end_matches(';')).into_iter().filter_map(|p| absolute(&p)).map(|p| (start, p)));
            } else {
                pending = Some((start, acc));
            }
            continue;
        }
        let use_body = t.strip_prefix("pub use ").or_else(|| t.strip_prefix("pub(crate) use ")).or_else(|| t.strip_prefix("use "));
        if let Some(body) = use_body {
            if body.contains(';') {
                out.extend(expand(body.trim_end_matches(';')).into_iter().filter_map(|p| absolute(&p)).map(|p| (*n, p)));
            } else {
                pending = Some((*n, body.to_owned()));
            }
            continue;
        }
        for prefix in ["crate::", "super::"] {
            let mut from = 0;
            while let Some(at) = code[from..].find(prefix) {
                let start = from + at;
                let before = code[..start].chars().last();
                let end = code[start..]
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .map_or(code.len(), |e| start + e);
                if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
                    && let Some(p) = absolute(code[start..end].trim_end_matches(':'))
                {
                    out.push((*n, p));
                }
                from = end.max(start + prefix.len());
            }
        }
    }
    out
}

/// The file module a path refers to: its longest prefix that is a module.
fn resolve(modules: &BTreeSet<String>, path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split("::").collect();
    (1..=segments.len()).rev().map(|k| segments[..k].join("::")).find(|m| modules.contains(m))
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn arrows_only_point_down_and_src_has_no_import_circle() {
    let sources = read_sources(&src_dir());
    let modules: BTreeSet<String> = sources.iter().map(|s| s.module.clone()).collect();
    let mut problems = Vec::new();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in &sources {
        let (rank, name) = layer(&s.module);
        for (line, path) in references(s) {
            let Some(target) = resolve(&modules, &path) else { continue };
            if target == s.module || s.module.starts_with(&format!("{target}::")) && layer(&target).0 == rank {
                // A module naming itself, or its parent module's items in the same layer.
                if target != s.module {
                    edges.entry(s.module.clone()).or_default().insert(target.clone());
                }
                continue;
            }
            let (trank, tname) = layer(&target);
            if trank > rank || (rank == -1 && trank != -1) {
                problems.push(format!("{}:{line}: {name} module `{}` names {tname} module `{target}`", s.file, s.module));
            }
            if s.module == "state" && target.starts_with("http") {
                problems.push(format!("{}:{line}:", s.file) + &format!(" AppState must hold no type of `{target}` (http)"));
            }
            edges.entry(s.module.clone()).or_default().insert(target);
        }
    }
    for cycle in cycles(&edges) {
        problems.push(format!("import circle: {}", cycle.join(" → ")));
    }
    assert!(problems.is_empty(), "layering broken ({}):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn only_the_store_speaks_sql_and_knows_sqlite() {
    let sources = read_sources(&src_dir());
    let mut problems = Vec::new();
    for s in &sources {
        let (_, name) = layer(&s.module);
        let in_store = s.module.starts_with("store") || s.module == "entity" || s.module.starts_with("entity::");
        for (line, code) in &s.lines {
            let file = &s.file;
            if matches!(name, "http" | "features" | "shell") && !in_store {
                for word in STORE_ONLY {
                    // Log filters name crates, not code (`sea_orm=warn`).
                    if code.contains(word) && !code.contains(&format!("{word}=")) {
                        problems.push(format!("{file}:{line}: `{word}` outside the store"));
                    }
                }
                for (i, part) in code.split('"').enumerate() {
                    if i % 2 == 1 && SQL_WORDS.iter().any(|w| part.contains(w)) {
                        problems.push(format!("{file}:{line}: SQL text outside the store: {part:?}"));
                    }
                }
            } else if !in_store && (code.contains("rusqlite") || code.contains("store::sqlite")) {
                problems.push(format!("{file}:{line}: the SQLite machinery named outside the store"));
            }
        }
    }
    assert!(problems.is_empty(), "store-only names outside the store ({}):\n{}", problems.len(), problems.join("\n"));
}

/// Strongly connected components of more than one module (Tarjan).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(st: &mut State<'a>, v: &'a str) {
        let i = st.index.len();
        st.index.insert(v, i);
        st.low.insert(v, i);
        st.stack.push(v);
        st.on_stack.insert(v);
        if let Some(next) = st.edges.get(v) {
            for w in next {
                let w = w.as_str();
                if !st.index.contains_key(w) {
                    visit(st, w);
                    let lw = st.low[w];
                    let lv = st.low[v];
                    st.low.insert(v, lv.min(lw));
                } else if st.on_stack.contains(w) {
                    let iw = st.index[w];
                    let lv = st.low[v];
                    st.low.insert(v, lv.min(iw));
                }
            }
        }
        if st.low[v] == st.index[v] {
            let mut component = Vec::new();
            while let Some(w) = st.stack.pop() {
                st.on_stack.remove(w);
                component.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                st.out.push(component);
            }
        }
    }
    let mut st = State { edges, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), on_stack: BTreeSet::new(), out: Vec::new() };
    for v in edges.keys() {
        if !st.index.contains_key(v.as_str()) {
            visit(&mut st, v);
        }
    }
    st.out
}

#[test]
fn the_guard_sees_use_trees_and_super_paths() {
    let s = Source {
        module: "http::experiences".into(),
        file: "src/http/experiences.rs".into(),
        lines: vec![
            (1, "use crate::{store::sql::Sql, features::{search, scoring::Llm}};".into()),
            (2, "use super::Paged;".into()),
            (3, "let x = crate::entity::user::Entity::find();".into()),
        ],
    };
    let refs: Vec<String> = references(&s).into_iter().map(|(_, p)| p).collect();
    assert_eq!(refs, ["store::sql::Sql", "features::search", "features::scoring::Llm", "http::Paged", "entity::user::Entity::find"]);
    let modules: BTreeSet<String> = ["store", "store::sql", "features", "features::search", "http", "entity", "entity::user"].map(String::from).into();
    assert_eq!(resolve(&modules, "store::sql::Sql").as_deref(), Some("store::sql"));
    let mut edges = BTreeMap::new();
    edges.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    edges.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(cycles(&edges), vec![vec!["a".to_owned(), "b".to_owned()]]);
}
