#!/usr/bin/env python3
"""Load the benchmark's users, comments and favorites through the HTTP API.

1. Signs up and logs in `--users` accounts (bench_u0001 …, password
   Bench-Pass-2026x) and writes `account token` lines to `--tokens-out`.
2. Posts `--comments` comments (POST /api/experiences/{id}/comments) and
   `--favorites` distinct favorites (PUT /api/experiences/{id}/favorite),
   spread uniformly over random users and experiences.

Everything random comes from `random.Random(--seed)`: the same seed, counts
and id range give the same requests. Requests run on `--threads` threads,
each with its own keep-alive `http.client` connection; a progress line goes
to stderr once a second. Any non-2xx answer or transport error is counted,
the first few are printed, and the exit status is 1 when there was any.
The whole run is bounded by `--deadline` seconds.

Python 3.11, standard library only. Loopback only: the server must listen on
127.0.0.1 (`--port`).
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import threading
import time

PASSWORD = "Bench-Pass-2026x"
COMMENTS = [
    "感谢分享！", "楼主最后拿到 offer 了吗？", "请问二面多久出的结果？", "同一天面的，问题几乎一样。",
    "手撕那题我也被问过。", "mark 一下，下周面。", "这个部门加班多吗？", "好详细，学到了。",
    "八股部分有推荐的资料吗？", "请问是哪个 base 的？", "项目这块被问得好细啊。", "许愿楼主 offer 多多。",
    "反问环节的问题可以参考。", "面试官人真好。", "请问楼主是几月投的？", "一面挂了，来看看别人的经验。",
]
SUFFIX = ["", "", "", "！", "～", " 顶一下", " 已收藏", " +1"]


class Client:
    """One keep-alive connection; reconnects after a transport error."""

    def __init__(self, port: int, timeout: float = 30.0):
        self.port = port
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, bytes]:
        data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", "Content-Length": str(len(data)), "Accept-Language": "en"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                payload = resp.read()
                if resp.getheader("connection", "").lower() == "close":
                    self.close()
                return resp.status, payload
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = 0
        self.errors = 0
        self.samples: list[str] = []

    def ok(self) -> None:
        with self.lock:
            self.done += 1

    def fail(self, what: str) -> None:
        with self.lock:
            self.done += 1
            self.errors += 1
            if len(self.samples) < 5:
                self.samples.append(what)


def run_tasks(name: str, tasks: list, worker, threads: int, port: int, deadline: float) -> tuple[float, Stats]:
    """Run `worker(client, task, stats)` over `tasks` on `threads` threads with a progress line."""
    stats = Stats()
    index = iter(range(len(tasks)))
    index_lock = threading.Lock()
    stop = threading.Event()

    def loop() -> None:
        client = Client(port)
        try:
            while not stop.is_set() and time.monotonic() < deadline:
                with index_lock:
                    i = next(index, None)
                if i is None:
                    return
                try:
                    worker(client, tasks[i], stats)
                except Exception as e:  # transport errors after a retry
                    stats.fail(f"{type(e).__name__}: {e}")
        finally:
            client.close()

    started = time.monotonic()
    pool = [threading.Thread(target=loop, name=f"{name}-{k}", daemon=True) for k in range(threads)]
    for t in pool:
        t.start()
    tty = sys.stderr.isatty()
    last_print = 0.0
    while any(t.is_alive() for t in pool):
        time.sleep(0.2)
        now = time.monotonic()
        if now >= deadline:
            stop.set()
        if now - last_print >= (1.0 if tty else 10.0):
            last_print = now
            elapsed = now - started
            line = (f"{name}: {stats.done}/{len(tasks)} ({stats.done / max(elapsed, 1e-9):,.0f}/s, "
                    f"{elapsed:.0f} s, errors {stats.errors})")
            print(("\r" + line + "   ") if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)
    for t in pool:
        t.join()
    elapsed = time.monotonic() - started
    line = f"{name}: {stats.done}/{len(tasks)} in {elapsed:.1f} s ({stats.done / max(elapsed, 1e-9):,.0f}/s), errors {stats.errors}"
    print(("\r" + line + "   ") if tty else line, file=sys.stderr, flush=True)
    if stats.done < len(tasks):
        stats.errors += len(tasks) - stats.done
        stats.samples.append(f"deadline reached after {stats.done} of {len(tasks)} {name}")
    return elapsed, stats


def id_range(port: int) -> tuple[int, int, int]:
    """(min id, max id, total) of the live experiences, from the list API."""
    c = Client(port)
    status, body = c.request("GET", "/api/experiences?per_page=1&page=1")
    if status != 200:
        raise SystemExit(f"GET /api/experiences: {status} {body[:200]!r}")
    first = json.loads(body)
    total = first["total"]
    if total == 0:
        raise SystemExit("no experiences: import them first")
    status, body = c.request("GET", f"/api/experiences?per_page=1&page={total}")
    if status != 200:
        raise SystemExit(f"GET /api/experiences (last page): {status} {body[:200]!r}")
    last = json.loads(body)
    c.close()
    return last["items"][0]["id"], first["items"][0]["id"], total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--users", type=int, default=1000)
    ap.add_argument("--comments", type=int, default=300_000)
    ap.add_argument("--favorites", type=int, default=200_000)
    ap.add_argument("--inbox-comments", type=int, default=20_000,
                    help="comments by other users on a discussion of the first user, who so gets this many notifications (issue 19)")
    ap.add_argument("--threads", type=int, default=32)
    ap.add_argument("--seed", type=int, default=20261121)
    ap.add_argument("--tokens-out", required=True, help="file for `account token` lines")
    ap.add_argument("--deadline", type=float, default=3600.0, help="seconds for the whole run")
    args = ap.parse_args()
    deadline = time.monotonic() + args.deadline
    rng = random.Random(args.seed)
    summary: dict[str, float] = {}
    failures: list[str] = []

    # 1. Users.
    accounts = [f"bench_u{k:04d}" for k in range(1, args.users + 1)]
    tokens: dict[str, str] = {}
    tokens_lock = threading.Lock()

    def user_worker(client: Client, account: str, stats: Stats) -> None:
        status, body = client.request("POST", "/api/users/signup", {"accept_terms": True, 
            "account": account, "name": f"压测用户{account[-4:]}", "email": f"{account}@bench.example.com", "password": PASSWORD})
        if status not in (201, 409):  # 409: already there (re-run on the same data)
            stats.fail(f"signup {account}: {status} {body[:200]!r}")
            return
        status, body = client.request("POST", "/api/users/login", {"account": account, "password": PASSWORD, "keep_logged_in": True})
        if status != 200:
            stats.fail(f"login {account}: {status} {body[:200]!r}")
            return
        with tokens_lock:
            tokens[account] = json.loads(body)["token"]
        stats.ok()

    t, st = run_tasks("users", accounts, user_worker, args.threads, args.port, deadline)
    summary["users_s"] = t
    failures += st.samples
    if st.errors:
        print("\n".join(st.samples), file=sys.stderr)
        return 1
    with open(args.tokens_out, "w", encoding="utf-8") as f:
        for a in accounts:
            f.write(f"{a} {tokens[a]}\n")
    token_list = [tokens[a] for a in accounts]

    # 2. Comments and favorites over the imported experiences.
    lo, hi, total = id_range(args.port)
    print(f"experiences: {total} (ids {lo}..{hi})", file=sys.stderr)
    comments = [
        (rng.randrange(len(token_list)), rng.randint(lo, hi), rng.choice(COMMENTS) + rng.choice(SUFFIX))
        for _ in range(args.comments)
    ]
    if args.favorites > len(token_list) * (hi - lo + 1) // 2:
        raise SystemExit("too many favorites for the users × experiences space")
    seen: set[tuple[int, int]] = set()
    favorites: list[tuple[int, int]] = []
    while len(favorites) < args.favorites:
        pair = (rng.randrange(len(token_list)), rng.randint(lo, hi))
        if pair not in seen:
            seen.add(pair)
            favorites.append(pair)

    def comment_worker(client: Client, task: tuple[int, int, str], stats: Stats) -> None:
        u, eid, text = task
        status, body = client.request("POST", f"/api/experiences/{eid}/comments", {"content": text}, token_list[u])
        if status == 201:
            stats.ok()
        else:
            stats.fail(f"comment on {eid}: {status} {body[:200]!r}")

    def favorite_worker(client: Client, task: tuple[int, int], stats: Stats) -> None:
        u, eid = task
        status, body = client.request("PUT", f"/api/experiences/{eid}/favorite", None, token_list[u])
        if status == 200:
            stats.ok()
        else:
            stats.fail(f"favorite {eid}: {status} {body[:200]!r}")

    t, st = run_tasks("comments", comments, comment_worker, args.threads, args.port, deadline)
    summary["comments_s"] = t
    summary["comment_errors"] = st.errors
    failures += st.samples
    t, st = run_tasks("favorites", favorites, favorite_worker, args.threads, args.port, deadline)
    summary["favorites_s"] = t
    summary["favorite_errors"] = st.errors
    failures += st.samples
    # 3. Issue 19: a user with many notifications. The 300,000 comments above
    # notify the import account (it owns the imported posts) but nobody can
    # log in as it; the first bench user gets a discussion that the others
    # comment on, so the notification scenarios read a real, large inbox.
    if args.inbox_comments:
        client = Client(args.port)
        status, body = client.request("POST", "/api/discussions", {"title": "压测通知收件箱", "content": "请在下面评论"}, token_list[0])
        if status != 201:
            print(f"inbox discussion: {status} {body[:200]!r}", file=sys.stderr)
            return 1
        did = json.loads(body)["id"]
        inbox = [(1 + rng.randrange(len(token_list) - 1), rng.choice(COMMENTS) + rng.choice(SUFFIX)) for _ in range(args.inbox_comments)]

        def inbox_worker(client: Client, task: tuple[int, str], stats: Stats) -> None:
            u, text = task
            status, body = client.request("POST", f"/api/discussions/{did}/comments", {"content": text}, token_list[u])
            if status == 201:
                stats.ok()
            else:
                stats.fail(f"comment on discussion {did}: {status} {body[:200]!r}")

        t, st = run_tasks("inbox", inbox, inbox_worker, args.threads, args.port, deadline)
        summary["inbox_s"] = t
        summary["inbox_errors"] = st.errors
        failures += st.samples
    summary.update(users=args.users, comments=args.comments, favorites=args.favorites, inbox_comments=args.inbox_comments, threads=args.threads)
    print("LOAD " + json.dumps(summary), flush=True)
    if failures:
        print("errors:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
