#!/usr/bin/env bash
# Load test of the WebApi sample on 127.0.0.1 with hey (installed from Debian's packages when missing),
# at a fixed request rate below what the server can take (RATE, default 4,000 requests/s), so that
# latencies compare the server's work and not a saturated queue.
#   1. steady state: 10 s of traffic, no reloads (the p99 every later figure is compared with)
#   2. --watch: 30 s of traffic while 100 edits of handlers.ai are saved
#   3. a server without --watch (a saved file waits for the admin request that rolls it out), 40 s of
#      of traffic during which: a canary ramp to 100 %, a canary of a broken
#      version (aborted after min-calls failures) and a safe reload rolled back by its health probe
# Prints the figures last; exits 1 if a request failed beyond the broken canary's bound.
# Usage: plugins/WebApi/loadtest.sh [PORT]
#   env: RATE=4000 EDITS=100 CONNECTIONS=16 MIN_CALLS=20 STEADY_SECONDS=10 EDIT_SECONDS=30 ROLLOUT_SECONDS=40
set -euo pipefail
cd "$(dirname "$0")/../.."
port="${1:-5087}"
edits="${EDITS:-100}"
connections="${CONNECTIONS:-16}"
rate="${RATE:-4000}"
min_calls="${MIN_CALLS:-20}"
steady_s="${STEADY_SECONDS:-10}"
edits_s="${EDIT_SECONDS:-30}"
rollouts_s="${ROLLOUT_SECONDS:-40}"
base="http://127.0.0.1:$port"

if ! command -v hey > /dev/null; then
  echo "installing hey (Debian package)"
  # A fresh machine's package lists may be empty: update them once when the install cannot find hey.
  as_root=""; [ "$(id -u)" -ne 0 ] && as_root="sudo"
  ($as_root apt-get install -y hey || { $as_root apt-get update && $as_root apt-get install -y hey; }) > /dev/null
fi

work="$(mktemp -d)"
server=""
stop_server() {
  if [ -n "$server" ]; then kill -TERM "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; server=""; fi
}
trap 'stop_server; rm -rf "$work"' EXIT

dotnet build -c Release plugins/WebApi -v quiet -nologo > "$work/build.log" || { cat "$work/build.log"; exit 1; }
cp -r plugins/WebApi/handlers "$work/handlers"
handlers="$work/handlers/handlers.ai"
original="$(cat "$handlers")"

start_server() { # [--watch]
  dotnet plugins/WebApi/bin/Release/net10.0/WebApi.dll --urls "$base" --modules "$work/handlers" "$@" >> "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do
    if curl -sf "$base/health" > /dev/null; then
      # Warm up (JIT, connection pool) before anything is measured.
      load 3 /dev/null "$base/users/2"
      return
    fi
    sleep 0.2
  done
  echo "the server did not start:"; cat "$work/server.log"; exit 1
}
admin() { curl -sf -X POST "$base/admin/$1"; echo; }
phase_of() { curl -sf "$base/admin/status" | grep -o '"phase":"[a-z-]*"' | head -1 | cut -d'"' -f4; }
wait_phase() { # PHASE...: waits until the rollout is in one of them
  for _ in $(seq 600); do
    local p; p="$(phase_of)"
    for want in "$@"; do [ "$p" = "$want" ] && return; done
    sleep 0.1
  done
  echo "the rollout never reached $*"; exit 1
}
# hey's 99th percentile in ms, its request count and its failed requests (not 200, or no answer).
p99() { awk '$1 == "99%" { printf "%.2f", $3 * 1000 }' "$1"; }
requests() { awk '/^Status code distribution/ { s = 1; next } /^Error distribution/ { s = 0; e = 1; next } s && /^  \[/ { n += $2 } e && /^  \[/ { gsub(/[\[\]]/, "", $1); n += $1 } END { print n + 0 }' "$1"; }
failed() { awk '/^Status code distribution/ { s = 1; next } /^Error distribution/ { s = 0; e = 1; next } s && /^  \[/ && $1 != "[200]" { n += $2 } e && /^  \[/ { gsub(/[\[\]]/, "", $1); n += $1 } END { print n + 0 }' "$1"; }
load() { # SECONDS OUT URL: RATE requests/s over CONNECTIONS connections (no X-Canary-Key: a canary takes its share per request)
  hey -z "${1}s" -c "$connections" -q "$((rate / connections))" "$3" > "$2"
}

echo "== 1. steady state ($steady_s s)"
start_server --watch
load "$steady_s" "$work/steady.txt" "$base/users/2"

echo "== 2. $edits_s s of traffic while $edits edits are saved (--watch)"
load "$edits_s" "$work/edits.txt" "$base/users/2" &
loader=$!
sleep 1
interval="$(awk -v e="$edits" -v s="$edits_s" 'BEGIN { printf "%.3f", (s - 3) / e }')"
for i in $(seq 2 $((edits + 1))); do
  sed -i "s/(define version-name \"v$((i - 1))\")/(define version-name \"v$i\")/" "$handlers"
  sleep "$interval"
done
wait "$loader"
sleep 1
version="$(curl -sf "$base/admin/status" | grep -o '"version":[0-9]*' | head -1 | cut -d: -f2)"
stop_server

echo "== 3. canary ramp, broken canary, safe reload rolled back (no --watch)"
printf '%s\n' "$original" > "$handlers"
start_server
load "$rollouts_s" "$work/rollouts.txt" "$base/users/2" &
loader=$!
sleep 3
sed -i 's/(define version-name "v1")/(define version-name "v2")/' "$handlers"
admin "canary?module=handlers&percentage=10&ramp-duration=8"
wait_phase promoted aborted
ramp="$(phase_of)"
printf '%s\n' "$original" | sed 's/(let ((method (get req :method))/(\/ 1 0) (let ((method (get req :method))/' > "$handlers"
admin "canary?module=handlers&percentage=50&min-calls=$min_calls&max-error-rate=0.05"
wait_phase aborted promoted
broken="$(phase_of)"
printf '%s\n' "$original" \
  | sed 's/(define version-name "v1")/(define version-name "v4")\n(define-stateful since-load :version 1 :state 0)/' \
  | sed 's/(swap! served inc)/(swap! served inc) (swap! since-load inc)/' \
  | sed 's|((= path "/health") (json 200|((and (= path "/health") (> (deref since-load) 20)) (json 503 {:ok #f :reason "cache full"}))\n      ((= path "/health") (json 200|' > "$handlers"
admin "safe-reload?module=handlers&rollback-after=60&probe=/health"
wait_phase rolled-back committed
safe="$(phase_of)"
wait "$loader"
stop_server

steady_p99="$(p99 "$work/steady.txt")"
edits_p99="$(p99 "$work/edits.txt")"
rollouts_p99="$(p99 "$work/rollouts.txt")"
edits_failed="$(failed "$work/edits.txt")"
rollouts_failed="$(failed "$work/rollouts.txt")"
bound=$((min_calls + connections))
echo
echo "== figures ($(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg), $rate requests/s over $connections connections)"
printf '%-44s %10s %8s %10s %8s\n' phase requests failed "p99 ms" "x steady"
printf '%-44s %10s %8s %10s %8s\n' "steady, no reloads ($steady_s s)" "$(requests "$work/steady.txt")" "$(failed "$work/steady.txt")" "$steady_p99" 1.00
printf '%-44s %10s %8s %10s %8s\n' "$edits edits saved, --watch ($edits_s s) -> v$version" "$(requests "$work/edits.txt")" "$edits_failed" "$edits_p99" "$(awk -v a="$edits_p99" -v b="$steady_p99" 'BEGIN { printf "%.2f", a / b }')"
printf '%-44s %10s %8s %10s %8s\n' "ramp $ramp, broken $broken, safe $safe ($rollouts_s s)" "$(requests "$work/rollouts.txt")" "$rollouts_failed" "$rollouts_p99" "$(awk -v a="$rollouts_p99" -v b="$steady_p99" 'BEGIN { printf "%.2f", a / b }')"
echo "failed requests allowed: 0 outside the broken canary, at most min-calls + connections = $bound in it"
if [ "$edits_failed" -ne 0 ] || [ "$rollouts_failed" -gt "$bound" ] || [ "$ramp" != promoted ] || [ "$broken" != aborted ] || [ "$safe" != rolled-back ]; then
  echo "FAILED"; exit 1
fi
echo "ok"
