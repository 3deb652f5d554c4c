#!/usr/bin/env bash
# Web benchmark: wrk against `policykb serve` (gunicorn, one sync worker per
# core) on the bundled sample corpus. Prints req/s and latency for
# /api/search at 8 connections (six queries in rotation: simplified,
# traditional, a phrase, a filter), and in the same run, as the reference,
# the same server answering a static file (the cost of the serving stack
# alone). Target: at least 200 req/s and p99 under 100 ms on this 2-core
# machine. Needs wrk (apt-get install wrk).
#
#   bash bench/web.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
python="${PYTHON:-python3}"
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
home="$(mktemp -d)"
port="$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$python" -m webapp.cli --home "$home" serve --port "$port" >"$home/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$home"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 600); do
  curl -sf "$url/api/docs" >/dev/null && break
  kill -0 $server 2>/dev/null || { cat "$home/serve.log"; exit 1; }
  sleep 0.2
done
echo "policykb serve: $("$python" -c 'import os; print(os.cpu_count())') workers, sample corpus, $url"
wrk -t1 -c8 -d3s -s bench/web_search.lua "$url" >/dev/null   # warm up both workers
summary() { grep -E "Requests/sec|Latency  |50%|90%|99%|Non-2xx|Socket errors" | sed 's/^/  /'; }
echo; echo "/api/search, 8 connections, ${seconds}s:"
wrk -t1 -c8 -d"${seconds}s" --latency -s bench/web_search.lua "$url" | summary
echo; echo "reference: /static/style.css on the same server, 8 connections, ${seconds}s:"
wrk -t1 -c8 -d"${seconds}s" --latency "$url/static/style.css" | summary
