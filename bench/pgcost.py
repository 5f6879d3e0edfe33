#!/usr/bin/env python3
"""What a request costs PostgreSQL: bench/pgcost.py SCENARIO BIN [BIN ...]

For each binary in turn, on a fresh copy of the database snapshot of the last
`bench/run.sh postgres` (`mianjing_bench_loaded`): start the server, warm up
2 s, run SCENARIO (detail_read, create_experience or search_varied) with
`wrk -t2 -c64 -dBENCH_DURATION` (default 10 s), and print requests/s, p50,
p99, and per request: CPU of the server and of the PostgreSQL backends
connected to the benchmark database (µs; the machine's PostgreSQL may serve
other databases at the same time, and its WAL writer and checkpointer are
left out) and committed transactions (`pg_stat_database.xact_commit`, so statements
outside a transaction count one each).

Unlike bench/run.sh it needs no `fixed` route, so a debug build can be
compared with another debug build: the PostgreSQL columns do not depend on
how the server was compiled. Same environment as bench/run.py (BENCH_WORK,
BENCH_PG_URL, BENCH_PORT, BENCH_SHARED_DATA, ...). Python 3.11, standard
library only.
"""

from __future__ import annotations

import os
import subprocess
import sys

sys.argv = [sys.argv[0], "postgres", *sys.argv[1:]]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (bench/run.py: server, wrk, snapshot helpers)


def xact_commit() -> int:
    p = subprocess.run(["psql", f"{run.PG_URL}/{run.PG_DB}", "-X", "-tAc",
                        f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{run.PG_DB}'"],
                       capture_output=True, text=True, check=True)
    return int(p.stdout.strip())


def backend_ticks() -> dict[int, int]:
    """CPU ticks of each PostgreSQL backend connected to the benchmark database
    (the machine's PostgreSQL may serve others too: only these are counted)."""
    p = subprocess.run(["psql", f"{run.PG_URL}/{run.PG_DB}", "-X", "-tAc",
                        f"SELECT pid FROM pg_stat_activity WHERE datname = '{run.PG_DB}' AND pid <> pg_backend_pid()"],
                       capture_output=True, text=True, check=True)
    return {int(x): run.cpu_ticks(int(x)) for x in p.stdout.split()}


def measure(binary: str, scenario: str) -> dict:
    run.BIN = binary
    run.restore_snapshot()
    srv = run.Server("pgcost", {"MIANJING_LIMITS__SCALE": "100000"})
    try:
        base = f"http://127.0.0.1:{run.PORT}"
        if scenario == "detail_read":
            lo, hi = run.id_range()
            url, script, args = f"{base}/api/experiences", "detail.lua", [str(lo), str(hi)]
        elif scenario == "create_experience":
            url, script, args = f"{base}/api/experiences", "create.lua", [str(run.WORK / "tokens.txt"), str(run.create_bodies())]
        elif scenario == "search_varied":
            url, script, args = f"{base}/api/experiences", "search_varied.lua", [str(run.search_terms())]
        else:
            raise SystemExit(f"unknown scenario {scenario}")
        run.wrk(url, script, args, 2)
        hz = os.sysconf("SC_CLK_TCK")
        s0, b0, x0 = run.cpu_ticks(srv.pid), backend_ticks(), xact_commit()
        r, _ = run.wrk(url, script, args, run.DURATION)
        s1, b1, x1 = run.cpu_ticks(srv.pid), backend_ticks(), xact_commit()
        n = max(r["requests"], 1)
        pg = sum(t - b0.get(pid, 0) for pid, t in b1.items())
        r.update(server_us=round(1e6 * (s1 - s0) / hz / n), postgres_us=round(1e6 * pg / hz / n), xacts=round((x1 - x0) / n, 2))
        return r
    finally:
        srv.stop()


def main() -> None:
    if len(sys.argv) < 4:
        raise SystemExit("usage: bench/pgcost.py detail_read|create_experience|search_varied BIN [BIN ...]")
    scenario, bins = sys.argv[2], sys.argv[3:]
    if not run.snapshot_exists():
        raise SystemExit("no snapshot: run bench/run.sh postgres first")
    print("| binary | req/s | p50 ms | p99 ms | non-2xx | server µs/req | postgres µs/req | transactions/req | load avg |")
    print("|---|---|---|---|---|---|---|---|---|")
    for b in bins:
        r = measure(b, scenario)
        load = os.getloadavg()[0]
        print(f"| {b} | {r['rps']:,.0f} | {run.fmt_ms(r['p50_ms'])} | {run.fmt_ms(r['p99_ms'])} | {r['non2xx'] + r['socket_errors']} | "
              f"{r['server_us']} | {r['postgres_us']} | {r['xacts']} | {load:.1f} |", flush=True)


if __name__ == "__main__":
    main()
