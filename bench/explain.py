#!/usr/bin/env python3
"""Plans and timings of the SQL the server runs for the benchmark scenarios.

    python3 bench/explain.py sqlite   [DB_FILE]   # default /tmp/mianjing-bench/sqlite/data/mianjing.db
    python3 bench/explain.py postgres [DB_URL]    # default postgres://postgres@127.0.0.1:5432/mianjing_bench

The statements mirror src/api/experiences.rs (`list`: the `COUNT(*)` behind
`total` and the deferred-join page query; `fetch`: the detail reads) and
src/search.rs (FTS5 MATCH + bm25 on SQLite, tsvector @@ to_tsquery +
ts_rank on PostgreSQL). Search words are encoded the way the server encodes
jieba tokens (`x` + hex of the UTF-8 bytes); 分布式锁 is segmented by jieba
into 分布式 + 锁, both required.

SQLite: EXPLAIN QUERY PLAN and the mean time of a few runs through Python's
sqlite3 module (its SQLite may be older than the one bundled in the server;
the plans are the same). PostgreSQL: EXPLAIN (ANALYZE, BUFFERS) through psql.
Read-only; run it on a copy if the server is running a benchmark.
Python 3.11, standard library only.
"""

from __future__ import annotations

import subprocess
import sys
import time

COLUMNS = ("e.id, e.author_id, e.title, e.company, e.position, e.career_id, c.name AS career_name, "
           "e.interview_date, e.interview_result, e.interview_difficulty, e.interview_evaluation, e.excerpt, e.question_count, "
           "e.anonymous, COALESCE(v.view_count, 0) AS view_count, e.favorites_count, e.comments_count, e.source, e.source_path, e.license, e.lang, "
           "e.created_at, e.updated_at, u.name AS author_name, u.avatar AS author_avatar, u.deleted_at AS author_deleted_at")
JOINS = (" LEFT JOIN users u ON u.id = e.author_id LEFT JOIN careers c ON c.id = e.career_id"
         " LEFT JOIN view_counts v ON v.target_type = 'experience' AND v.target_id = e.id")


def tok(word: str) -> str:
    return "x" + word.encode("utf-8").hex()


def lit(v) -> str:
    return str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'"


def statements(db: str) -> list[tuple[str, str]]:
    if db == "sqlite":
        fts_join, cond, rank = " JOIN experiences_fts f ON f.rowid = e.id", "experiences_fts MATCH {}", "-bm25(experiences_fts)"
        q2, q4 = tok("缓存"), f"{tok('分布式')} {tok('锁')}"
    else:
        fts_join, cond, rank = "", "e.search_vector @@ to_tsquery('simple', {})", "ts_rank(e.search_vector, to_tsquery('simple', {}))"
        q2, q4 = tok("缓存"), f"{tok('分布式')} & {tok('锁')}"

    def count(where: str = "", join: str = "") -> str:
        return f"SELECT COUNT(*) AS n FROM experiences e{join} WHERE e.deleted_at IS NULL{where}"

    def page(where: str = "", limit: int = 20, offset: int = 0, join: str = "", score: str | None = None) -> str:
        inner = f"SELECT e.id AS pid{', ' + score + ' AS score' if score else ''} FROM experiences e{join} WHERE e.deleted_at IS NULL{where}"
        inner += f" ORDER BY {'score DESC, e.id DESC' if score else 'e.id DESC'} LIMIT {limit} OFFSET {offset}"
        return (f"SELECT {COLUMNS} FROM experiences e JOIN ({inner}) p ON p.pid = e.id{JOINS} "
                f"ORDER BY {'p.score DESC, e.id DESC' if score else 'e.id DESC'}")

    company = " AND e.company_key = " + lit("字节跳动")
    s2 = " AND " + cond.format(lit(q2))
    s4 = " AND " + cond.format(lit(q4))
    return [
        ("total (all)", count()),
        ("list_page1", page()),
        ("list_deep_page (page 2000)", page(offset=39980)),
        ("total (company 字节跳动, the largest)", count(company)),
        ("list_company_filter (字节跳动)", page(company)),
        ("detail: entity find_by_id", "SELECT * FROM experiences WHERE id = 54321"),
        ("detail: joined row", f"SELECT {COLUMNS} FROM experiences e{JOINS} WHERE e.id = 54321"),
        ("total (search 缓存)", count(s2, fts_join)),
        ("search_zh_2char page (缓存, by relevance)", page(s2, join=fts_join, score=rank.format(lit(q2)))),
        ("total (search 分布式锁)", count(s4, fts_join)),
        ("search_zh_4char page (分布式锁, by relevance)", page(s4, join=fts_join, score=rank.format(lit(q4)))),
    ]


def sqlite(path: str) -> None:
    import sqlite3
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    print(f"SQLite {sqlite3.sqlite_version} (Python's), {path}")
    for name, sql in statements("sqlite"):
        plan = " | ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql))
        rows = db.execute(sql).fetchall()
        n, t0 = 0, time.perf_counter()
        while n < 20 and (n < 3 or time.perf_counter() - t0 < 1.0):
            db.execute(sql).fetchall()
            n += 1
        ms = (time.perf_counter() - t0) / n * 1000
        print(f"\n## {name}: {ms:.2f} ms (mean of {n}), {len(rows)} rows\n{sql}\nplan: {plan}")


def postgres(url: str) -> None:
    for name, sql in statements("postgres"):
        p = subprocess.run(["psql", url, "-X", "-q", "-c", "EXPLAIN (ANALYZE, BUFFERS) " + sql], capture_output=True, text=True)
        print(f"\n## {name}\n{sql}\n{p.stdout}{p.stderr}")


def main() -> int:
    db = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    if db == "sqlite":
        sqlite(sys.argv[2] if len(sys.argv) > 2 else "/tmp/mianjing-bench/sqlite/data/mianjing.db")
    elif db == "postgres":
        postgres(sys.argv[2] if len(sys.argv) > 2 else "postgres://postgres@127.0.0.1:5432/mianjing_bench")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
