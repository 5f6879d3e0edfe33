#!/bin/sh
# moto's S3 server on port 5000 with the bucket $S3_BUCKET made once it answers
# (mianjing does not create buckets). Runs in the foreground for the container.
set -eu
/opt/moto/bin/moto_server -H 0.0.0.0 -p 5000 &
pid=$!
trap 'kill "$pid"' TERM INT
/opt/moto/bin/python - <<PY
import time, urllib.request
for _ in range(300):
    try:
        urllib.request.urlopen(urllib.request.Request("http://127.0.0.1:5000/${S3_BUCKET:-mianjing}", method="PUT"), timeout=2)
        break
    except Exception:
        time.sleep(0.1)
else:
    raise SystemExit("moto did not start")
PY
echo "bucket ${S3_BUCKET:-mianjing} ready"
wait "$pid"
