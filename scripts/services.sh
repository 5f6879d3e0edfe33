#!/usr/bin/env bash
# Start PostgreSQL, MariaDB and Redis on this machine if they are installed
# but not running (the commands of the machine notes). Prints what it did.
set -uo pipefail
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_up() { for _ in $(seq 1 30); do up "$1" && return 0; sleep 1; done; return 1; }
if ! up 5432 && command -v pg_ctlcluster >/dev/null; then
  echo "starting PostgreSQL"; pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start; wait_up 5432
fi
if ! up 3306 && [ -x /usr/sbin/mariadbd ]; then
  echo "starting MariaDB"; start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd; wait_up 3306
fi
if ! up 6379 && command -v redis-server >/dev/null; then
  echo "starting Redis"; redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; wait_up 6379
fi
for p in 5432 3306 6379; do up $p && echo "port $p: up" || echo "port $p: down"; done
