#!/usr/bin/env python3
"""Search terms for the `search_varied` scenario, derived at run time from the
shared seed data (`../shared/data/questions.jsonl`, see its README).

A term is one of
- a topic tag of the Chinese questions that names a technical subject
  ("消息队列", "线程池", "MySQL 锁", "TCP 与 UDP", "volatile 关键字"), or
- a technical name written in Latin letters in the Chinese questions' text,
  with at least one capital letter (MySQL, TCP, Kafka, HashMap, WebSocket),

ranked by how many questions use it; the first `--count` (200) are taken, tags
first. Deterministic for a given file. Nothing of the data file is copied
into the repository: the terms are computed when the harness runs.

Usage: python3 bench/terms.py [--data FILE] [--count 200] [--out FILE]
(default FILE: questions.jsonl in $BENCH_SHARED_DATA, else in ../shared/data next to the repository)
Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
from pathlib import Path

# The shared data folder: BENCH_SHARED_DATA, else ../shared/data next to the repository.
DEFAULT_DATA = Path(os.environ.get("BENCH_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared/data") / "questions.jsonl"

# Tags that are not a technical subject (interview etiquette, team, salary,
# groupings of the source lists).
NOT_TECHNICAL = re.compile(
    r"重要度|高频|其它|其他|扩展|福利|职责|代码|软技能|非技术|公司|^技术$|团队|待遇|休假|社会问题|开放问题|终极问题|问未来|知识点|^方法$|输出题|基础概念|^测试$|^安全$|^性能$|^线程$|^代理$|^通用$|^商业$|^冲突$|^趣味$|^变量$|^模块$|^存储$|^字节$|^源码$|衍伸|百安居|万云科技|异联信息|群友|渡一|办公室|人才培养|远程工作|反问面试官"
)
CJK = re.compile(r"[\u4e00-\u9fff]")
TAG = re.compile(r"[\w\u4e00-\u9fff /+#.-]{2,12}")
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+#]*")
# Latin words with a capital that are not names of a technology.
NOT_NAMES = {"NaN", "I", "A", "B", "C", "OK", "UI", "ID", "IT", "PC", "Web", "The", "Get", "Set", "Hello", "World", "Lydia", "Hallie", "Sarah", "JS", "APP", "IE"}


def terms(data: Path = DEFAULT_DATA, count: int = 200) -> list[str]:
    """The `count` most used technical terms of the Chinese questions in `data` (tags first)."""
    tags: collections.Counter[str] = collections.Counter()
    names: collections.Counter[str] = collections.Counter()
    with open(data, encoding="utf-8") as f:
        for line in f:
            q = json.loads(line)
            if q.get("lang") != "zh":
                continue
            for t in q.get("tags") or []:
                t = t.strip()
                if TAG.fullmatch(t) and CJK.search(t) and not NOT_TECHNICAL.search(t):
                    tags[t] += 1
            seen = {w for w in LATIN.findall(q.get("question") or "") if len(w) >= 2 and w not in NOT_NAMES and re.search(r"[A-Z]", w)}
            for w in seen:
                names[w] += 1
    out: list[str] = []
    folded: set[str] = set()
    for t, _ in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0])) + sorted(names.items(), key=lambda kv: (-kv[1], kv[0])):
        if t.lower() not in folded:
            folded.add(t.lower())
            out.append(t)
        if len(out) == count:
            break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()
    found = terms(a.data, a.count)
    if len(found) < a.count:
        raise SystemExit(f"only {len(found)} terms in {a.data}")
    text = "\n".join(found) + "\n"
    if a.out:
        a.out.write_text(text, encoding="utf-8")
    else:
        print(text, end="")


if __name__ == "__main__":
    main()
