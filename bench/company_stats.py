#!/usr/bin/env python3
"""Latency and throughput of the company page's statistics (issue 19) without wrk.

For a server on 127.0.0.1:PORT holding the benchmark's data (bench/gen.py, imported with
`mianjing import experiences`), reads `GET /api/companies?per_page=50` for the 50 companies with
the most 面经, then:

1. sequential: `--requests` reads of `GET /api/companies/{id}` cycling over them on one
   keep-alive connection, printing p50 / p99 / max in ms;
2. concurrent: `--threads` threads doing the same for `--seconds`, printing requests/s.

Run it once against a server with `MIANJING_READ_CACHE_MIB=0` (every read runs the aggregate
queries) and once with the default cache. Standard library only.

Usage: python3 bench/company_stats.py --port 8080 [--requests 500] [--threads 8] [--seconds 10]
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time


def get(conn: http.client.HTTPConnection, path: str) -> bytes:
    conn.request("GET", path)
    res = conn.getresponse()
    body = res.read()
    if res.status != 200:
        raise SystemExit(f"{path}: {res.status} {body[:200]!r}")
    return body


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10.0)
    a = ap.parse_args()
    conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=60)
    t0 = time.perf_counter()
    index = json.loads(get(conn, "/api/companies?per_page=50"))
    print(f"index (50 by count): {1000 * (time.perf_counter() - t0):.1f} ms, {index['total']} companies")
    paths = [f"/api/companies/{c['id']}" for c in index["items"]]
    top = index["items"][0]
    print(f"largest: {top['name']} with {top['count']} 面经")
    times = []
    for k in range(a.requests):
        t = time.perf_counter()
        get(conn, paths[k % len(paths)])
        times.append(1000 * (time.perf_counter() - t))
    times.sort()
    pct = lambda p: times[min(len(times) - 1, int(p * len(times)))]  # noqa: E731
    print(f"sequential {a.requests}: p50 {pct(0.5):.2f} ms, p99 {pct(0.99):.2f} ms, max {times[-1]:.2f} ms")

    done, stop = [0] * a.threads, time.perf_counter() + a.seconds

    def worker(n: int) -> None:
        c = http.client.HTTPConnection("127.0.0.1", a.port, timeout=60)
        k = n * 7
        while time.perf_counter() < stop:
            get(c, paths[k % len(paths)])
            k += 1
            done[n] += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(a.threads)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"concurrent ({a.threads} threads, {a.seconds:.0f} s): {sum(done) / (time.perf_counter() - start):.0f} requests/s")


if __name__ == "__main__":
    main()
