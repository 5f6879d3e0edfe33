#!/usr/bin/env python3
"""The benchmark run behind `bench/run.sh [sqlite|postgres|postgres-2node]` (see BENCHMARKS.md).

`postgres-2node` (issue 20): the same data and scenarios on PostgreSQL, served
by two `mianjing serve` nodes (BENCH_PORT+1, BENCH_PORT+2, each with its own
data directory, one shared secret) sharing Redis, behind nginx on BENCH_PORT
(round robin, keepalive connections to the nodes; nginx from Debian, run as a
plain process with a generated configuration). Import and load run on one
node as for `postgres`, into its own database (mianjing_bench_2node), so a
single-node run at the same time does not collide with it.

Steps, each timed:
1. data: `bench/gen.py` output, cached in ~/.cache/mianjing/bench by count,
   seed and a hash of gen.py;
2. a fresh data directory (and, for PostgreSQL, a fresh database);
3. import: `mianjing import experiences FILE` (wall time, target ≤ 60 s);
4. load: a server started with cheap argon2 parameters
   (MIANJING_ARGON2_MEMORY_KIB=1024, ITERATIONS=1) so that 1,000 sign-ups do
   not dominate, then `bench/load.py` (users, comments, favorites); stopped,
   and the database snapshotted (for BENCH_REUSE); on a PostgreSQL cluster
   with autovacuum off, VACUUM (ANALYZE) before the scenarios;
5. scenarios: the server restarted with the default (OWASP) argon2
   parameters and MIANJING_BENCH_ENDPOINTS=true (the `fixed` route exists
   only in a build with `--features bench`, which bench/run.sh makes; a
   binary without it stops the run); for each scenario a 2 s
   warm-up, then BENCH_PASSES passes (default 3) of
   `wrk -t2 -c64 -d10s --latency --timeout 30s`; the median pass by
   requests/s is reported. During every pass the server's RSS is sampled
   every 100 ms (/proc/PID/status VmRSS, what `ps -o rss=` shows), and the CPU
   time of the server, of wrk and (PostgreSQL) of the postgres processes is
   recorded, so a table shows where the two cores went.
6. a Markdown table with ratios to `fixed`, the target checks, and
   results.json / results.md / the raw wrk output in the work directory.

Exit status 1 when any request of a measured pass failed (wrk's "Non-2xx or
3xx responses" or socket errors), when the import or the load had errors,
or when the server died. Missed performance targets are reported, not fatal.

Environment: MIANJING_BIN (binary, built with `--features bench`), BENCH_WORK (work directory, default
/tmp/mianjing-bench/DB), BENCH_PORT, BENCH_PASSES, BENCH_DURATION (s per
pass), BENCH_COUNT (experiences), BENCH_USERS, BENCH_COMMENTS,
BENCH_FAVORITES, BENCH_INBOX (comments for the notification inbox), BENCH_SCENARIOS (comma-separated subset), BENCH_PG_URL
(server URL without database, default postgres://postgres@127.0.0.1:5432),
BENCH_RUST_LOG (the server's RUST_LOG; default: the server's own default),
BENCH_QUIET_WAIT (seconds to wait before each pass for other processes to
go quiet, default 120), BENCH_REUSE=1 (skip generation, import and load:
restore the database snapshot taken right after the load phase of an
earlier run in the same BENCH_WORK, and rerun only the scenarios),
BENCH_SERVER_<KEY>=value (passed to the servers as MIANJING_<KEY>, e.g.
BENCH_SERVER_DB_MAX_CONNECTIONS=4), BENCH_SHARED_DATA (the folder of the shared
seed data whose questions give search_varied its 200 terms; default
../shared/data next to the repository).

Python 3.11, standard library only.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WRK_DIR = HERE / "wrk"
sys.path.insert(0, str(HERE))
import gen  # noqa: E402  (bench/gen.py: bodies for create_experience)
import terms  # noqa: E402  (bench/terms.py: the search_varied terms)

MODE = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
if MODE not in ("sqlite", "postgres", "postgres-2node"):
    sys.exit("usage: bench/run.sh [sqlite|postgres|postgres-2node]")
DB = "postgres" if MODE.startswith("postgres") else "sqlite"
TWO_NODE = MODE == "postgres-2node"
BIN = os.environ.get("MIANJING_BIN", str(Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache/mianjing/target")) / "release/mianjing"))
WORK = Path(os.environ.get("BENCH_WORK", f"/tmp/mianjing-bench/{MODE}"))
PORT = int(os.environ.get("BENCH_PORT", {"sqlite": "18480", "postgres": "18481", "postgres-2node": "18483"}[MODE]))
PASSES = int(os.environ.get("BENCH_PASSES", "3"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
COUNT = int(os.environ.get("BENCH_COUNT", "100000"))
USERS = int(os.environ.get("BENCH_USERS", "1000"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "300000"))
FAVORITES = int(os.environ.get("BENCH_FAVORITES", "200000"))
INBOX = int(os.environ.get("BENCH_INBOX", "20000"))  # load.py --inbox-comments
SEED = 20261121
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
PG_DB = "mianjing_bench_2node" if TWO_NODE else "mianjing_bench"
# Two nodes: one secret for all (a token of the load phase works on both), Redis shared.
NODE_SECRET = "bench-two-node-shared-secret-0123456789abcdef"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
NGINX = os.environ.get("BENCH_NGINX", "/usr/sbin/nginx")
CONNECTIONS, THREADS = 64, 2
WRK_TIMEOUT = 30  # s; wrk's default (2 s) would count slow searches as socket errors
LOGIN_ACCOUNTS = [f"bench_login{k}" for k in range(1, 9)]
PASSWORD = "Bench-Pass-2026x"
SEARCH_WORDS = {"search_zh_2char": "缓存", "search_zh_4char": "分布式锁"}
SEARCH_TERMS = 200  # search_varied: terms drawn at random (bench/terms.py)

# name -> (target ratio to fixed or None, p99 limit ms or None, absolute req/s or None)
TARGETS = {
    "list_page1": (0.30, 10.0, None),
    "list_company_filter": (0.30, 10.0, None),
    "company_stats": (0.30, 10.0, None),
    "detail_read": (0.30, 10.0, None),
    "list_deep_page": (0.10, None, None),
    "search_zh_2char": (0.05, 50.0, None),
    "search_zh_4char": (0.05, 50.0, None),
    # Issue 20: 200 terms, so part of the searches miss the read cache.
    "search_varied": (0.05, 50.0, None),
    "create_experience": (None, 50.0, 5000.0),
    # Issue 19: polled by every open tab, so as cheap as a list read.
    "notifications_unread_count": (0.30, 10.0, None),
    "notifications_page1": (0.30, 10.0, None),
}
RSS_LIMIT_MB = 200
IMPORT_LIMIT_S = 60


def say(msg: str) -> None:
    print(f"\033[1;34m==> {msg}\033[0m", file=sys.stderr, flush=True)


def fail(msg: str) -> None:
    print(f"\033[1;31mFAIL: {msg}\033[0m", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- processes

def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def http_get(path: str, timeout: float = 10.0, port: int = PORT) -> tuple[int, bytes]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


def http_post(path: str, body: dict) -> tuple[int, bytes]:
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    try:
        data = json.dumps(body).encode()
        c.request("POST", path, body=data, headers={"Content-Type": "application/json"})
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


def server_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MIANJING_") and k not in ("DATABASE_URL", "REDIS_URL")}
    if DB == "postgres":
        env["DATABASE_URL"] = f"{PG_URL}/{PG_DB}"
    if TWO_NODE:
        env["MIANJING_SECRET_KEY"] = NODE_SECRET
    if "BENCH_RUST_LOG" in os.environ:
        env["RUST_LOG"] = os.environ["BENCH_RUST_LOG"]
    else:
        env.pop("RUST_LOG", None)
    env.update(extra)
    # BENCH_SERVER_X=v is passed to the scenario and load servers as MIANJING_X=v (experiments).
    env.update({"MIANJING_" + k[len("BENCH_SERVER_"):]: v for k, v in os.environ.items() if k.startswith("BENCH_SERVER_")})
    return env


class Server:
    """A `mianjing serve` process started (and stopped) by this script."""

    def __init__(self, name: str, extra_env: dict[str, str], port: int = PORT, data_dir: str = "data"):
        self.name = name
        self.port = port
        self.log_path = WORK / f"server-{name}.log"
        if not port_free(port):
            raise SystemExit(f"port {port} is in use (set BENCH_PORT)")
        (WORK / data_dir).mkdir(parents=True, exist_ok=True)
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--bind", f"127.0.0.1:{port}", "--data-dir", str(WORK / data_dir)],
            env=server_env(extra_env), stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"server {name} exited with {self.proc.returncode}; see {self.log_path}")
            try:
                if http_get("/api/health", timeout=2, port=port)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"server {name} did not answer /api/health within 120 s; see {self.log_path}")

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def pids(self) -> list[int]:
        """The app processes (one here; both nodes in [`TwoNodes`])."""
        return [self.proc.pid]

    def proxy_pids(self) -> list[int]:
        return []

    def alive(self) -> bool:
        return self.proc.poll() is None

    def status(self, key: str) -> int:
        """A kB field of /proc/PID/status (VmRSS, VmHWM)."""
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith(key + ":"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()


class TwoNodes:
    """Two scenario nodes behind nginx (`postgres-2node`); quacks like [`Server`]."""

    def __init__(self, extra_env: dict[str, str]):
        self.log_path = WORK / "nginx-error.log"
        # Redis for the two scenario nodes only (the import and load run on one node).
        extra_env = dict(extra_env, REDIS_URL=REDIS_URL, MIANJING_REDIS_PREFIX=f"mjbench2:{os.getpid()}:")
        self.nodes = [Server(f"node{k}", extra_env, port=PORT + k, data_dir=f"data{'' if k == 1 else k}") for k in (1, 2)]
        ngx = WORK / "nginx"
        ngx.mkdir(parents=True, exist_ok=True)
        upstreams = "".join(f"    server 127.0.0.1:{n.port};\n" for n in self.nodes)
        # Round robin; HTTP/1.1 keepalive to the nodes (without it every
        # request would open a connection to a node, which measures nginx).
        (ngx / "nginx.conf").write_text(
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"daemon off;\nworker_processes auto;\npid {ngx}/nginx.pid;\nerror_log {self.log_path} warn;\n"
            "events { worker_connections 4096; }\n"
            "http {\n  access_log off;\n"
            f"  client_body_temp_path {ngx}/body;\n  proxy_temp_path {ngx}/proxy;\n  fastcgi_temp_path {ngx}/fastcgi;\n"
            f"  uwsgi_temp_path {ngx}/uwsgi;\n  scgi_temp_path {ngx}/scgi;\n  client_max_body_size 20m;\n"
            f"  upstream mianjing {{\n{upstreams}    keepalive 64;\n  }}\n"
            f"  server {{\n    listen 127.0.0.1:{PORT} backlog=4096;\n    location / {{\n"
            "      proxy_pass http://mianjing;\n      proxy_http_version 1.1;\n      proxy_set_header Connection \"\";\n"
            "      proxy_set_header Host $host;\n      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
            "    }\n  }\n}\n")
        if not port_free(PORT):
            self.stop()
            raise SystemExit(f"port {PORT} is in use (set BENCH_PORT)")
        self.nginx = subprocess.Popen([NGINX, "-p", str(ngx), "-c", str(ngx / "nginx.conf"), "-e", str(self.log_path)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if http_get("/api/health", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"nginx did not answer on port {PORT}; see {self.log_path}")

    @property
    def pid(self) -> int:
        return self.nodes[0].pid

    @property
    def pids(self) -> list[int]:
        return [n.pid for n in self.nodes]

    def proxy_pids(self) -> list[int]:
        """nginx's master and its workers."""
        out = [self.nginx.pid]
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open(f"/proc/{d}/stat") as f:
                        if int(f.read().rsplit(")", 1)[1].split()[1]) == self.nginx.pid:
                            out.append(int(d))
                except (OSError, IndexError, ValueError):
                    pass
        return out

    def alive(self) -> bool:
        return all(n.alive() for n in self.nodes) and self.nginx.poll() is None

    def status(self, key: str) -> int:
        """The larger node's kB field of /proc/PID/status."""
        return max(n.status(key) for n in self.nodes)

    def stop(self) -> None:
        if getattr(self, "nginx", None) is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: the master stops its workers
            try:
                self.nginx.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait(timeout=10)
        for n in self.nodes:
            n.stop()


def cpu_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


def postgres_ticks(prefix: str = "postgres") -> int:
    """CPU ticks of all postgres processes (includes exited backends' only while they run),
    or of the processes whose name starts with `prefix`."""
    total = 0
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
        except OSError:
            continue
        comm = s[s.index("(") + 1:s.rindex(")")]
        if comm.startswith(prefix):
            fields = s.rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total


def total_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return sum(v) - idle, sum(v)


QUIET_WAIT = float(os.environ.get("BENCH_QUIET_WAIT", "120"))


def wait_quiet(own: list[int]) -> float:
    """Wait (at most BENCH_QUIET_WAIT s) until other processes use < 20 % of
    one core over a 1 s window: the machine may be shared. Returns the busy
    share of one core (percent) of the last window, excluding `own` pids."""
    deadline = time.monotonic() + QUIET_WAIT
    hz = os.sysconf("SC_CLK_TCK")
    while True:
        b0, a0 = total_ticks()
        o0 = sum(cpu_ticks(p) for p in own)
        time.sleep(1.0)
        b1, a1 = total_ticks()
        o1 = sum(cpu_ticks(p) for p in own)
        ncpu = os.cpu_count() or 1
        busy = 100 * ncpu * (b1 - b0) / max(a1 - a0, 1) - 100 * (o1 - o0) / hz
        if busy < 20 or time.monotonic() >= deadline:
            if busy >= 20:
                print(f"  (machine still busy: {busy:.0f}% of a core used by other processes; measuring anyway)", file=sys.stderr)
            return busy
        time.sleep(2.0)


class RssSampler(threading.Thread):
    def __init__(self, server: Server, every: float = 0.1):
        super().__init__(daemon=True)
        self.server, self.every = server, every
        self.peak_kb = 0
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            self.peak_kb = max(self.peak_kb, self.server.status("VmRSS"))
            self.halt.wait(self.every)

    def finish(self) -> int:
        self.halt.set()
        self.join()
        return self.peak_kb


# ---------------------------------------------------------------- wrk

UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(out: str) -> dict:
    r: dict = {"non2xx": 0, "socket_errors": 0}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    r["rps"] = float(m.group(1)) if m else 0.0
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        r[f"p{pct}_ms"] = float(m.group(1)) * UNIT_MS[m.group(2)] if m else None
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", out)
    r["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if m:
        r["non2xx"] = int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        r["socket_errors"] = sum(int(x) for x in m.groups())
    return r


def wrk(url: str, script: str | None, args: list[str], duration: int) -> tuple[dict, str]:
    cmd = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", "--timeout", f"{WRK_TIMEOUT}s"]
    if script:
        cmd += ["-s", str(WRK_DIR / script)]
    cmd.append(url)
    if args:
        cmd += ["--"] + args
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)
    out = p.stdout + p.stderr
    if p.returncode != 0 or "Requests/sec" not in out:
        raise SystemExit(f"wrk failed ({p.returncode}): {' '.join(cmd)}\n{out}")
    return parse_wrk(out), " ".join(cmd) + "\n" + out


# ---------------------------------------------------------------- steps

def data_file() -> Path:
    h = hashlib.sha256((HERE / "gen.py").read_bytes()).hexdigest()[:12]
    cache = Path.home() / ".cache/mianjing/bench"
    cache.mkdir(parents=True, exist_ok=True)
    f = cache / f"experiences-{COUNT}-{SEED}-{h}.jsonl"
    if not f.exists():
        say(f"generating {COUNT} experiences → {f}")
        tmp = f.with_suffix(".tmp")
        subprocess.run([sys.executable, str(HERE / "gen.py"), "--count", str(COUNT), "--seed", str(SEED), "--out", str(tmp)], check=True)
        tmp.rename(f)
    return f


def psql(sql: str) -> None:
    u = urllib.parse.urlparse(PG_URL)
    subprocess.run(["psql", "-h", u.hostname or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres",
                    "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], check=True)


def fresh_storage() -> None:
    if WORK.exists():
        shutil.rmtree(WORK)
    (WORK / "data").mkdir(parents=True)
    if DB == "postgres":
        psql(f"DROP DATABASE IF EXISTS {SNAP_DB} WITH (FORCE)")
        psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        psql(f"CREATE DATABASE {PG_DB}")


SNAP_DB = PG_DB + "_loaded"


def snapshot_exists() -> bool:
    if DB == "sqlite":
        return (WORK / "snapshot").is_dir()
    u = urllib.parse.urlparse(PG_URL)
    p = subprocess.run(["psql", "-h", u.hostname or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres",
                        "-d", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{SNAP_DB}'"], capture_output=True, text=True)
    return p.stdout.strip() == "1"


def take_snapshot() -> None:
    """Keep the freshly loaded database, so BENCH_REUSE=1 can rerun the scenarios on identical data."""
    say("snapshot of the loaded database")
    if DB == "sqlite":
        shutil.copytree(WORK / "data", WORK / "snapshot")
    else:
        psql(f"DROP DATABASE IF EXISTS {SNAP_DB} WITH (FORCE)")
        psql(f"CREATE DATABASE {SNAP_DB} TEMPLATE {PG_DB}")


def restore_snapshot() -> None:
    if DB == "sqlite":
        shutil.rmtree(WORK / "data", ignore_errors=True)
        shutil.copytree(WORK / "snapshot", WORK / "data")
    else:
        psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        psql(f"CREATE DATABASE {PG_DB} TEMPLATE {SNAP_DB}")


def pg_maintenance() -> dict:
    """VACUUM (ANALYZE) the loaded database when the cluster's autovacuum is off.

    The import and the load leave 100k rows that were never analyzed and about
    2.5 dead tuples per experience (counter updates); with autovacuum on (the
    default) PostgreSQL would have vacuumed and analyzed them by now, so the
    scenarios would otherwise measure a cluster setting rather than the app.
    """
    url = f"{PG_URL}/{PG_DB}"
    # Every post of a live site has been read: one view each, so that the
    # view counts are not an empty table that grows under the scenarios. On
    # an empty table each pooled connection plans (and keeps) a sequential
    # scan of `view_counts` for the detail read's view count; without
    # autovacuum nothing re-analyzes the table as it grows, and PostgreSQL
    # spent 175 % CPU on 1,600 detail reads/s (BENCHMARKS.md, issue 20).
    subprocess.run(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                    "INSERT INTO view_counts (target_type, target_id, view_count) SELECT 'experience', id, 1 FROM experiences "
                    "WHERE deleted_at IS NULL ON CONFLICT DO NOTHING"], check=True)
    p = subprocess.run(["psql", url, "-X", "-tAc", "SHOW autovacuum"], capture_output=True, text=True, check=True)
    autovacuum = p.stdout.strip()
    out = {"pg_autovacuum": autovacuum, "views_seeded": True}
    if autovacuum != "on":
        say("PostgreSQL autovacuum is off on this cluster: VACUUM (ANALYZE) before the scenarios")
        t0 = time.monotonic()
        subprocess.run(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", "VACUUM (ANALYZE)"], check=True)
        out["pg_vacuum_analyze_s"] = round(time.monotonic() - t0, 1)
    return out


def run_import(f: Path) -> dict:
    say(f"importing {f.name}")
    t0, c0, (b0, a0), pg0 = time.monotonic(), os.times(), total_ticks(), postgres_ticks() if DB == "postgres" else 0
    p = subprocess.run([BIN, "import", "experiences", str(f), "--data-dir", str(WORK / "data")],
                       env=server_env({}), capture_output=True, text=True, timeout=1800)
    wall, c1, (b1, a1) = time.monotonic() - t0, os.times(), total_ticks()
    cpu = (c1.children_user - c0.children_user) + (c1.children_system - c0.children_system)
    hz = os.sysconf("SC_CLK_TCK")
    pg_cpu = (postgres_ticks() - pg0) / hz if DB == "postgres" else 0.0
    busy = (os.cpu_count() or 1) * (b1 - b0) / max(a1 - a0, 1) * wall  # CPU-seconds used on the machine
    other = max(0.0, busy - cpu - pg_cpu)
    (WORK / "import.log").write_text(p.stdout + p.stderr)
    if p.returncode != 0:
        raise SystemExit(f"import failed ({p.returncode}); see {WORK / 'import.log'}\n{p.stderr[-2000:]}")
    line = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
    m = re.search(r"(\d+) lines, (\d+) imported, (\d+) already present, (\d+) rejected, in ([\d.]+) s", line)
    if not m or int(m.group(2)) != COUNT or int(m.group(4)) != 0:
        raise SystemExit(f"unexpected import result: {line!r}")
    print(f"import: {line} (wall {wall:.1f} s, CPU {cpu:.1f} s, postgres CPU {pg_cpu:.1f} s, other processes {other:.1f} CPU-s)", file=sys.stderr)
    return {"import_wall_s": round(wall, 1), "import_cpu_s": round(cpu, 1), "import_pg_cpu_s": round(pg_cpu, 1),
            "import_other_cpu_s": round(other, 1), "import_reported_s": float(m.group(5)), "import_line": line}


def run_load() -> dict:
    say("load phase: server with cheap argon2 (1024 KiB, t=1) for the 1,000 sign-ups")
    # One client address makes every write: the write limits scaled out of the way.
    srv = Server("load", {"MIANJING_ARGON2_MEMORY_KIB": "1024", "MIANJING_ARGON2_ITERATIONS": "1", "MIANJING_LIMITS__SCALE": "100000"})
    try:
        t0 = time.monotonic()
        p = subprocess.run([sys.executable, str(HERE / "load.py"), "--port", str(PORT), "--users", str(USERS),
                            "--comments", str(COMMENTS), "--favorites", str(FAVORITES), "--inbox-comments", str(INBOX), "--threads", "32",
                            "--tokens-out", str(WORK / "tokens.txt"), "--deadline", "3600"],
                           stdout=subprocess.PIPE, text=True, timeout=3700)
        wall = time.monotonic() - t0
        peak = srv.status("VmHWM")
    finally:
        srv.stop()
    if p.returncode != 0:
        raise SystemExit(f"load.py failed ({p.returncode})")
    summary = json.loads(p.stdout.split("LOAD ", 1)[1].splitlines()[0])
    summary["load_wall_s"] = round(wall, 1)
    summary["load_server_peak_rss_mb"] = round(peak / 1024, 1)
    return summary


def create_bodies() -> Path:
    """64 realistic create bodies (gen.py text, another seed), one JSON per line."""
    import random
    rng = random.Random(SEED + 1)
    careers = {}
    status, body = http_get("/api/careers?per_page=100")
    if status == 200:
        careers = {c["name"]: c["id"] for c in json.loads(body)["items"]}
    f = WORK / "create-bodies.jsonl"
    with open(f, "w", encoding="utf-8") as out:
        for i in range(64):
            e = gen.experience(rng, i)
            b = {"title": e["title"], "company": e["company"], "position": e["position"], "content": e["content"],
                 "interview_questions": e["questions"], "interview_result": e["interview_result"],
                 "interview_difficulty": e["interview_difficulty"], "interview_evaluation": e["interview_evaluation"],
                 "interview_date": e["date"],
                 # The 64 bodies go round-robin to 1,000 users, so a user posts the same text again
                 # within 30 days: a near-duplicate the API asks to confirm (409 possible_duplicate).
                 "confirm_duplicate": True}
            if e["career"] in careers:
                b["career_id"] = careers[e["career"]]
            out.write(json.dumps(b, ensure_ascii=False) + "\n")
    return f


def search_terms() -> Path:
    """The 200 search terms of `search_varied` (bench/terms.py, from the shared seed data), one per line."""
    f = WORK / "search-terms.txt"
    found = terms.terms(count=SEARCH_TERMS)
    if len(found) < SEARCH_TERMS:
        raise SystemExit(f"only {len(found)} search terms in {terms.DEFAULT_DATA} (set BENCH_SHARED_DATA)")
    f.write_text("\n".join(found) + "\n", encoding="utf-8")
    return f


def id_range() -> tuple[int, int]:
    status, body = http_get("/api/experiences?per_page=1")
    first = json.loads(body)
    status, body = http_get(f"/api/experiences?per_page=1&page={first['total']}")
    return json.loads(body)["items"][0]["id"], first["items"][0]["id"]


def company_ids() -> list[str]:
    """The ids of the 50 companies with the most 面经 (the company page's statistics, issue 19)."""
    status, body = http_get("/api/companies?per_page=50")
    return [str(c["id"]) for c in json.loads(body)["items"]]


def scenarios(srv: Server) -> list[tuple[str, str, str | None, list[str]]]:
    base = f"http://127.0.0.1:{PORT}"
    lo, hi = id_range()
    q = lambda w: urllib.parse.quote(w)  # noqa: E731
    out = [
        ("fixed", f"{base}/api/_bench/fixed", None, []),
        ("list_page1", f"{base}/api/experiences?page=1&per_page=20", None, []),
        ("list_deep_page", f"{base}/api/experiences?page=2000&per_page=20", None, []),
        ("list_company_filter", f"{base}/api/experiences", "company.lua", list(gen.COMPANIES)),
        ("company_stats", f"{base}/api/companies", "company_stats.lua", company_ids()),
        ("detail_read", f"{base}/api/experiences", "detail.lua", [str(lo), str(hi)]),
    ]
    for name, word in SEARCH_WORDS.items():
        out.append((name, f"{base}/api/experiences?q={q(word)}&page=1&per_page=20", None, []))
    out.append(("search_varied", f"{base}/api/experiences", "search_varied.lua", [str(search_terms())]))
    out.append(("create_experience", f"{base}/api/experiences", "create.lua", [str(WORK / "tokens.txt"), str(create_bodies())]))
    out.append(("login", f"{base}/api/users/login", "login.lua", [PASSWORD] + LOGIN_ACCOUNTS))
    # Issue 19: the bell's poll and the first page at the user with the big
    # inbox (load.py --inbox-comments: bench_u0001, first line of tokens.txt).
    inbox_token = (WORK / "tokens.txt").read_text(encoding="utf-8").split("\n", 1)[0].split()[1]
    out.append(("notifications_unread_count", f"{base}/api/notifications/unread-count", "bearer.lua", [inbox_token]))
    out.append(("notifications_page1", f"{base}/api/notifications?page=1&per_page=20", "bearer.lua", [inbox_token]))
    only = os.environ.get("BENCH_SCENARIOS")
    if only:
        keep = set(only.split(","))
        out = [s for s in out if s[0] in keep or s[0] == "fixed"]
    return out


def measure(srv: Server) -> list[dict]:
    results = []
    raw = open(WORK / "wrk.txt", "w")
    for name, url, script, args in scenarios(srv):
        if name == "login":
            say("signing up the login accounts at the default argon2 parameters")
            for a in LOGIN_ACCOUNTS:
                s, b = http_post("/api/users/signup", {"accept_terms": True, "account": a, "name": a, "email": f"{a}@bench.example.com", "password": PASSWORD})
                if s != 201:
                    raise SystemExit(f"signup {a}: {s} {b[:200]!r}")
        say(f"{name}: warm-up 2 s, then {PASSES} × {DURATION} s")
        wrk(url, script, args, 2)
        passes = []
        for k in range(PASSES):
            wait_quiet(srv.pids + srv.proxy_pids())
            sampler = RssSampler(srv)
            sampler.start()
            t_srv, t_pg, (busy0, all0) = sum(cpu_ticks(p) for p in srv.pids), postgres_ticks() if DB == "postgres" else 0, total_ticks()
            t_ngx, t_redis = sum(cpu_ticks(p) for p in srv.proxy_pids()), postgres_ticks("redis-server") if TWO_NODE else 0
            ch0 = os.times()
            r, text = wrk(url, script, args, DURATION)
            ch1 = os.times()
            busy1, all1 = total_ticks()
            hz = os.sysconf("SC_CLK_TCK")
            secs = DURATION
            r["server_cpu_pct"] = round(100 * (sum(cpu_ticks(p) for p in srv.pids) - t_srv) / hz / secs)
            if TWO_NODE:
                r["nginx_cpu_pct"] = round(100 * (sum(cpu_ticks(p) for p in srv.proxy_pids()) - t_ngx) / hz / secs)
                r["redis_cpu_pct"] = round(100 * (postgres_ticks("redis-server") - t_redis) / hz / secs)
            r["wrk_cpu_pct"] = round(100 * ((ch1.children_user - ch0.children_user) + (ch1.children_system - ch0.children_system)) / secs)
            if DB == "postgres":
                r["postgres_cpu_pct"] = round(100 * (postgres_ticks() - t_pg) / hz / secs)
            r["machine_busy_pct"] = round(100 * (os.cpu_count() or 1) * (busy1 - busy0) / max(all1 - all0, 1))
            r["other_cpu_pct"] = max(0, r["machine_busy_pct"] - r["server_cpu_pct"] - r["wrk_cpu_pct"] - r.get("postgres_cpu_pct", 0)
                                     - r.get("nginx_cpu_pct", 0) - r.get("redis_cpu_pct", 0))
            r["peak_rss_mb"] = round(sampler.finish() / 1024, 1)
            raw.write(f"### {name} pass {k + 1}\n{text}\n")
            raw.flush()
            passes.append(r)
            extra = f", pg {r['postgres_cpu_pct']}%" if DB == "postgres" else ""
            if TWO_NODE:
                extra += f", nginx {r['nginx_cpu_pct']}%, redis {r['redis_cpu_pct']}%"
            print(f"  pass {k + 1}: {r['rps']:,.0f} req/s, p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, non-2xx {r['non2xx']}, "
                  f"socket errors {r['socket_errors']}, RSS {r['peak_rss_mb']} MB, CPU server {r['server_cpu_pct']}% wrk {r['wrk_cpu_pct']}%{extra} other {r['other_cpu_pct']}%",
                  file=sys.stderr, flush=True)
            if not srv.alive():
                raise SystemExit(f"server died during {name}; see {srv.log_path}")
        med = sorted(passes, key=lambda p: p["rps"])[len(passes) // 2]
        res = dict(med, name=name, url=url, script=script, passes=[p["rps"] for p in passes],
                   non2xx=sum(p["non2xx"] for p in passes), socket_errors=sum(p["socket_errors"] for p in passes),
                   peak_rss_mb=max(p["peak_rss_mb"] for p in passes))
        if res["non2xx"] or res["socket_errors"]:
            fail(f"{name}: {res['non2xx']} non-2xx responses and {res['socket_errors']} socket errors (see {WORK / 'wrk.txt'})")
        results.append(res)
    raw.close()
    return results


def fmt_ms(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:.0f}"


def table(results: list[dict]) -> str:
    fixed = next(r["rps"] for r in results if r["name"] == "fixed")
    pg = DB == "postgres"
    head = ("| scenario | req/s | ratio to fixed | p50 ms | p99 ms | non-2xx | server CPU | wrk CPU |" + (" postgres CPU |" if pg else "")
            + (" nginx CPU | redis CPU |" if TWO_NODE else "") + " other CPU | peak RSS MB | passes (req/s) | target |")
    sep = "|" + "---|" * (head.count("|") - 1)
    lines = [head, sep]
    for r in results:
        t = TARGETS.get(r["name"])
        verdict = ""
        if t:
            ratio_t, p99_t, abs_t = t
            ok = True
            parts = []
            if ratio_t is not None:
                parts.append(f"≥ {ratio_t:.2f}")
                ok &= r["rps"] / fixed >= ratio_t
            if abs_t is not None:
                parts.append(f"≥ {abs_t:,.0f}/s")
                ok &= r["rps"] >= abs_t
            if p99_t is not None:
                parts.append(f"p99 ≤ {p99_t:.0f} ms")
                ok &= (r["p99_ms"] or 1e9) <= p99_t
            verdict = ("met" if ok else "**missed**") + " (" + ", ".join(parts) + ")"
        lines.append(
            f"| {r['name']} | {r['rps']:,.0f} | {r['rps'] / fixed:.3f} | {fmt_ms(r['p50_ms'])} | {fmt_ms(r['p99_ms'])} | "
            f"{r['non2xx'] + r['socket_errors']} | {r['server_cpu_pct']}% | {r['wrk_cpu_pct']}% |"
            + (f" {r.get('postgres_cpu_pct', '-')}% |" if pg else "")
            + (f" {r.get('nginx_cpu_pct', '-')}% | {r.get('redis_cpu_pct', '-')}% |" if TWO_NODE else "")
            + f" {r['other_cpu_pct']}% | {r['peak_rss_mb']:.0f} | {' / '.join(f'{x:,.0f}' for x in r['passes'])} | {verdict} |")
    return "\n".join(lines)


def main() -> int:
    if not Path(BIN).exists():
        raise SystemExit(f"no binary at {BIN} (build it or set MIANJING_BIN)")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    started = time.monotonic()
    info: dict = {"source": os.environ.get("BENCH_SOURCE", f"binary {BIN}"), "db": DB, "mode": MODE, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "passes": PASSES,
                  "duration_s": DURATION, "connections": CONNECTIONS, "wrk_threads": THREADS, "count": COUNT}
    setup_file = WORK / "setup.json"
    if os.environ.get("BENCH_REUSE") and setup_file.exists() and snapshot_exists():
        say(f"BENCH_REUSE: restoring the loaded data of {WORK} (import and load figures from that run)")
        restore_snapshot()
        setup = json.loads(setup_file.read_text())
        info["reused"] = True
    else:
        f = data_file()
        fresh_storage()
        setup = run_import(f)
        setup.update(run_load())
        setup["setup_date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        setup["setup_source"] = info["source"]
        take_snapshot()
        setup_file.write_text(json.dumps(setup))
    info.update(setup)
    if DB == "postgres":
        info.update(pg_maintenance())
    say("scenario server: default argon2 parameters, MIANJING_BENCH_ENDPOINTS=true")
    scenario_env = {"MIANJING_BENCH_ENDPOINTS": "true", "MIANJING_LIMITS__SCALE": "100000"}
    if TWO_NODE:
        say(f"two nodes (ports {PORT + 1}, {PORT + 2}) sharing PostgreSQL and Redis, behind nginx on port {PORT}")
    srv = TwoNodes(scenario_env) if TWO_NODE else Server("bench", scenario_env)
    if http_get("/api/_bench/fixed")[0] != 200:
        srv.stop()
        raise SystemExit(f"{BIN} does not serve /api/_bench/fixed: build it with `cargo build --release --features bench` (bench/run.sh does)")
    try:
        results = measure(srv)
        info["server_vmhwm_mb"] = round(srv.status("VmHWM") / 1024, 1)
    finally:
        srv.stop()
    info["total_wall_s"] = round(time.monotonic() - started)
    data_rss = max((r["peak_rss_mb"] for r in results if r["name"] != "login"), default=0)
    info["data_peak_rss_mb"] = data_rss
    md = [f"### {MODE} — {info['date']} — {info['source']}", "",
          *([f"Two `mianjing serve` nodes (ports {PORT + 1} and {PORT + 2}, own data directories, one secret) sharing PostgreSQL "
             f"and Redis, behind nginx on port {PORT} (round robin, keepalive to the nodes; `fixed` and every scenario go through nginx). "
             "Server CPU is both nodes together; peak RSS is the larger node's.", ""] if TWO_NODE else []),
          f"{COUNT:,} experiences imported in {info['import_wall_s']} s wall ({info['import_reported_s']} s reported by the importer; CPU: importer {info.get('import_cpu_s', '?')} s"
          + (f", postgres {info.get('import_pg_cpu_s', '?')} s" if DB == "postgres" else "")
          + f", other processes {info.get('import_other_cpu_s', '?')} s; target ≤ {IMPORT_LIMIT_S} s: "
          f"{'met' if info['import_wall_s'] <= IMPORT_LIMIT_S else '**missed**'}). "
          f"Load: {USERS:,} users in {info['users_s']:.1f} s, {COMMENTS:,} comments in {info['comments_s']:.1f} s, "
          f"{FAVORITES:,} favorites in {info['favorites_s']:.1f} s (32 threads; {info['load_wall_s']} s in all)."
          + (f" Import and load figures are from the run of {info.get('setup_date', '?')} ({info.get('setup_source', '?')}); "
             "this run restored its database snapshot (BENCH_REUSE=1)." if info.get("reused") else ""), "",
          table(results), "",
          *([f"PostgreSQL autovacuum is {info['pg_autovacuum']} on this cluster; the harness ran VACUUM (ANALYZE) after the load "
             f"({info['pg_vacuum_analyze_s']} s) so plans and visibility are what an autovacuumed database would have.", ""]
            if info.get("pg_vacuum_analyze_s") is not None else []),
          f"Median of {PASSES} passes of `wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s --latency --timeout {WRK_TIMEOUT}s` each (2 s warm-up before). "
          f"Server peak RSS (sampled every 100 ms): {data_rss:.0f} MB over the data scenarios (target ≤ {RSS_LIMIT_MB} MB: "
          f"{'met' if data_rss <= RSS_LIMIT_MB else '**missed**'}), {max(r['peak_rss_mb'] for r in results):.0f} MB including login; "
          f"kernel high-water mark (VmHWM) {info['server_vmhwm_mb']:.0f} MB. "
          f"CPU columns: share of one core over the pass (the machine has {os.cpu_count()}); "
          f"\"other\" is every other process on the machine."]
    text = "\n".join(md)
    (WORK / "results.md").write_text(text + "\n")
    (WORK / "results.json").write_text(json.dumps({"info": info, "results": results}, ensure_ascii=False, indent=1))
    print("\n" + text + "\n")
    print(f"raw wrk output: {WORK / 'wrk.txt'}; results: {WORK / 'results.md'}, {WORK / 'results.json'}", file=sys.stderr)
    bad = [r["name"] for r in results if r["non2xx"] or r["socket_errors"]]
    if bad:
        fail("requests failed in: " + ", ".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
