#!/usr/bin/env bash
# Instructions per request of a server answering GET /healthz (the figure in tests/bench/NOTES.md):
# callgrind with instrumentation on only while `wrk -t1 -c4 -d10s` runs, divided by wrk's count.
# Usage: tests/bench/web/healthz_callgrind.sh build/bench/web/prokat          (prokat serve, fresh db)
#        tests/bench/web/healthz_callgrind.sh build/bench/tests/bench/web/const_server
set -euo pipefail
binary=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if [[ $(basename "$binary") == const_server ]]; then
  args=("$port" 2)
else
  "$binary" migrate --db "$work/h.db" >/dev/null
  args=(serve --db "$work/h.db" --listen "127.0.0.1:$port" --access-log "$work/access.log")
fi
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/cg.out" "$binary" "${args[@]}" \
  2>"$work/valgrind.log" &
server=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.3; done
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; done  # warm
callgrind_control -i on "$server" >/dev/null
requests=$(wrk -t1 -c4 -d10s "http://127.0.0.1:$port/healthz" | awk '/requests in/ {print $1}')
callgrind_control -i off "$server" >/dev/null
kill -INT "$server"
wait "$server" || true
instructions=$(callgrind_annotate "$work/cg.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
echo "$(basename "$binary"): $requests requests, $instructions instructions, $((instructions / requests)) per request"
