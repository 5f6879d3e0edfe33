#!/usr/bin/env bash
# Bring deploy/compose.yaml up (two mianjing nodes, PostgreSQL, Redis, moto's
# S3 server), check over HTTP that the nodes share what they must, and tear
# everything down again, volumes included — also when a check fails.
#   - a session made on node 1 works on node 2, and a logout on node 2 ends it on node 1;
#   - a file uploaded through node 1 downloads, byte for byte, through node 2;
#   - a write limit (feedback: 3 a minute per user) is counted across both nodes,
#     and so is the failed-login lockout (5 failures of one account from one client).
# Builds what is missing with scripts/container.sh --services (the base image,
# the release binary and the images are reused when present) and installs
# podman-compose from PyPI into ~/.cache/mianjing/venv. Prints the time taken.
# Exit status 0 only when every check passed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
export CONTAINERS_CONF=${CONTAINERS_CONF:-$ROOT/deploy/containers.conf}
started=$(date +%s)
VENV=$CACHE/venv
if [ ! -x "$VENV/bin/podman-compose" ]; then
  say "installing podman-compose into $VENV"
  { [ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV"; } && "$VENV/bin/pip" install -q "podman-compose==1.6.*" >&2
fi
bash "$ROOT/scripts/container.sh" --services

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export MIANJING_PORT1=${MIANJING_PORT1:-$(free_port)} MIANJING_PORT2=${MIANJING_PORT2:-$(free_port)}
export MIANJING_SECRET_KEY=${MIANJING_SECRET_KEY:-$(head -c 32 /dev/urandom | base64)}
PROJECT=mianjing-check-$$
compose() { "$VENV/bin/podman-compose" -p "$PROJECT" -f "$ROOT/deploy/compose.yaml" "$@"; }
down() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    say "compose check failed; the nodes' last log lines:"
    for c in app1 app2 s3; do podman logs --tail 20 "${PROJECT}_${c}_1" 2>&1 | sed "s/^/[$c] /" >&2 || true; done
  fi
  say "tearing down $PROJECT"
  compose down -v -t 5 >/dev/null 2>&1 || true
  echo "compose check: $([ "$rc" -eq 0 ] && echo passed || echo FAILED) in $(( $(date +%s) - started )) s"
  exit "$rc"
}
trap down EXIT
trap 'exit 130' INT TERM

say "starting $PROJECT (nodes on 127.0.0.1:$MIANJING_PORT1 and :$MIANJING_PORT2)"
uplog=$(mktemp)
compose up -d >"$uplog" 2>&1 || { cat "$uplog" >&2; rm -f "$uplog"; exit 1; }
rm -f "$uplog"
python3 - "http://127.0.0.1:$MIANJING_PORT1" "http://127.0.0.1:$MIANJING_PORT2" <<'PY'
import json, os, sys, time, urllib.error, urllib.request

node1, node2 = sys.argv[1], sys.argv[2]

def call(base, method, path, body=None, token=None, headers=None, raw=False):
    h = dict(headers or {})
    data = None
    if isinstance(body, bytes):
        data = body
    elif body is not None:
        data = json.dumps(body).encode()
        h["content-type"] = "application/json"
    if token:
        h["authorization"] = "Bearer " + token
    req = urllib.request.Request(base + path, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status, payload = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, payload = e.code, e.read()
    if raw:
        return status, payload
    try:
        return status, json.loads(payload or b"null")
    except ValueError:
        return status, payload

def check(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else f": {detail}"), flush=True)
    if not ok:
        sys.exit(1)

# Both nodes ready: database and Redis answer.
deadline = time.time() + 180
for base in (node1, node2):
    while True:
        try:
            if call(base, "GET", "/api/ready")[0] == 200:
                break
        except OSError:
            pass
        if time.time() > deadline:
            check(f"{base} ready within 180 s", False, "no 200 from /api/ready")
        time.sleep(0.5)
check("both nodes ready", True)

password = "Compose-Check-77"
account = "node" + os.urandom(4).hex()
s, b = call(node1, "POST", "/api/users/signup", {"accept_terms": True, "account": account, "name": "Compose", "email": account + "@example.com", "password": password})
check("sign-up on node 1", s == 201, (s, b))
s, b = call(node1, "POST", "/api/users/login", {"account": account, "password": password})
check("login on node 1", s == 200 and b.get("token"), (s, b))
token = b["token"]
s, b = call(node2, "GET", "/api/users/profile", token=token)
check("node 1's session works on node 2", s == 200 and b.get("account") == account, (s, b))

# An upload through node 1, downloaded through node 2 (the bytes live in S3).
png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000)
boundary = "mianjing" + os.urandom(8).hex()
form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\navatar\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n").encode() + png + f"\r\n--{boundary}--\r\n".encode()
s, b = call(node1, "POST", "/api/files", form, token=token, headers={"content-type": f"multipart/form-data; boundary={boundary}"})
check("upload on node 1", s == 201 and isinstance(b, dict) and b.get("id"), (s, b))
s, got = call(node2, "GET", f"/api/files/{b['id']}", token=token, raw=True)
check("the upload downloads through node 2", s == 200 and got == png, (s, len(got)))

# A write limit shared through Redis: 3 feedback messages a minute per user,
# alternating nodes; the 4th is refused whichever node it reaches.
for i, base in enumerate((node1, node2, node1)):
    s, b = call(base, "POST", "/api/feedback", {"content": f"compose check message {i}"}, token=token)
    check(f"feedback {i + 1} of 3 accepted", s == 201, (s, b))
s, b = call(node2, "POST", "/api/feedback", {"content": "one too many"}, token=token)
check("the 4th feedback on node 2 is rate limited (counted across nodes)", s == 429 and b.get("code") == "rate_limited", (s, b))

# The failed-login lockout is shared too: 5 failures alternating nodes, then 429.
for i in range(5):
    s, b = call((node1, node2)[i % 2], "POST", "/api/users/login", {"account": account, "password": "Wrong-Pass-" + str(i)})
    check(f"failed login {i + 1} answers 400", s == 400, (s, b))
s, b = call(node2, "POST", "/api/users/login", {"account": account, "password": password})
check("the next login is locked out across nodes", s == 429, (s, b))

# A logout on node 2 ends the session on node 1 too.
s, b = call(node2, "POST", "/api/users/logout", token=token)
check("logout on node 2", s in (200, 204), (s, b))
s, b = call(node1, "GET", "/api/users/profile", token=token)
check("the session is over on node 1", s == 401, (s, b))
PY
# The image's HEALTHCHECK (`mianjing health` inside the container); podman
# without systemd runs it only on demand.
podman healthcheck run "${PROJECT}_app1_1" >/dev/null
echo "ok   the image's HEALTHCHECK passes on app1"
