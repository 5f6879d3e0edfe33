#!/usr/bin/env python3
"""Issue 19: the notification endpoints at scale, without the whole harness.

Starts the server on a fresh SQLite database, signs up two users, writes
NOTIFS (default 300,000) notifications for the first — as many as the load
phase's 300,000 comments give the import account — and as many for the
second (a table of 600,000 rows, most unread), runs ANALYZE, prints SQLite's
query plans of the two statements, then times sequential requests of the
unread count, the first page and the first unread page (one client, keep-alive,
after 50 warm-up requests) and prints p50/p99/mean in ms.

    MIANJING_BIN=target/release/mianjing python3 bench/notifications_scale.py

The notifications are inserted with SQL rather than by 600,000 comments
through the API: the reads under test do not depend on how the rows came.
"""
import http.client
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

BIN = os.environ.get("MIANJING_BIN", "target/release/mianjing")
NOTIFS = int(os.environ.get("NOTIFS", "300000"))
REQUESTS = int(os.environ.get("REQUESTS", "2000"))
PORT = int(os.environ.get("PORT", "18719"))
PASSWORD = "Bench-Pass-2026x"


def call(conn, method, path, body=None, token=None):
    headers = {"content-type": "application/json"} if body is not None else {}
    if token:
        headers["authorization"] = f"Bearer {token}"
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    r = conn.getresponse()
    return r.status, r.read()


def main() -> int:
    work = tempfile.mkdtemp(prefix="mj-notif-")
    env = dict(os.environ, MIANJING_LIMITS__SCALE="100000", MIANJING_ARGON2_MEMORY_KIB="1024", MIANJING_ARGON2_ITERATIONS="1", RUST_LOG="warn")
    srv = subprocess.Popen([BIN, "--data-dir", work, "serve", "--bind", f"127.0.0.1:{PORT}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
                if call(c, "GET", "/api/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        ids, tokens = [], []
        for name in ("inbox_user", "other_user"):
            st, body = call(conn, "POST", "/api/users/signup", {"account": name, "name": name, "email": f"{name}@example.com", "password": PASSWORD})
            assert st == 201, body
            ids.append(json.loads(body)["id"])
            st, body = call(conn, "POST", "/api/users/login", {"account": name, "password": PASSWORD})
            tokens.append(json.loads(body)["token"])
        db = sqlite3.connect(os.path.join(work, "mianjing.db"), timeout=30)
        rng = random.Random(19)
        t0 = datetime(2026, 9, 1, tzinfo=timezone.utc)
        for uid in ids:
            rows = []
            for k in range(NOTIFS):
                at = (t0 + timedelta(seconds=k * 10)).strftime("%Y-%m-%d %H:%M:%S.%f+00:00")
                read = at if rng.random() < 0.2 else None
                rows.append((uid, "experience_comment", ids[1] if uid == ids[0] else ids[0], "comment", k + 1, "experience", rng.randint(1, 100_000), "请问几面？", read, at))
            db.executemany(
                "INSERT INTO notifications (recipient_id, kind, actor_id, target_type, target_id, post_type, post_id, excerpt, read_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            db.commit()
        db.execute("ANALYZE")
        db.commit()
        for label, sql in [
            ("unread count", "SELECT COUNT(*) AS n FROM notifications WHERE recipient_id = ? AND read_at IS NULL"),
            ("first page", "SELECT n.id FROM notifications n LEFT JOIN users u ON u.id = n.actor_id WHERE n.recipient_id = ? ORDER BY n.id DESC LIMIT 20 OFFSET 0"),
            ("first unread page", "SELECT n.id FROM notifications n LEFT JOIN users u ON u.id = n.actor_id WHERE n.recipient_id = ? AND n.read_at IS NULL ORDER BY n.id DESC LIMIT 20 OFFSET 0"),
        ]:
            plan = " | ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, (ids[0],)))
            print(f"plan, {label}: {plan}")
        db.close()
        token = tokens[0]
        for label, path in [
            ("GET /api/notifications/unread-count", "/api/notifications/unread-count"),
            ("GET /api/notifications?page=1&per_page=20", "/api/notifications?page=1&per_page=20"),
            ("GET /api/notifications?unread=true&page=1&per_page=20", "/api/notifications?unread=true&page=1&per_page=20"),
        ]:
            for _ in range(50):
                call(conn, "GET", path, token=token)
            times = []
            for _ in range(REQUESTS):
                s = time.perf_counter()
                st, body = call(conn, "GET", path, token=token)
                times.append((time.perf_counter() - s) * 1000)
                assert st == 200, body
            times.sort()
            print(f"{label}: p50 {statistics.median(times):.2f} ms, p99 {times[int(len(times) * 0.99) - 1]:.2f} ms, mean {statistics.mean(times):.2f} ms over {REQUESTS} sequential requests ({json.loads(body).get('unread', json.loads(body).get('total'))})")
    finally:
        srv.terminate()
        srv.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
