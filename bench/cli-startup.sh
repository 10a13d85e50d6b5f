#!/usr/bin/env bash
# Times `fluentai eval bench/cli/tiny.ai` from a cold process, with a warm compile cache and with an
# empty one, RUNS times each, and prints the medians: for the Release build of src/Cli and for the
# command published ReadyToRun (how it is installed; the first compile of a process then skips
# most of Roslyn's JIT).
# Usage: bench/cli-startup.sh [RUNS]   (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
dotnet build src/Cli -c Release -v quiet -nologo >/dev/null
rid=$(dotnet --info | awk '/ RID:/ {print $2; exit}')
published=$(mktemp -d)
trap 'rm -rf "$published"' EXIT
dotnet publish src/Cli -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$published" -v quiet -nologo >/dev/null
file=bench/cli/tiny.ai
warm="${FLUENTAI_CACHE:-/tmp/fai-cache-bench}"

# Milliseconds of one run; checks the printed value.
time_one() {
  local start end out
  start=$(date +%s%N)
  out=$(FLUENTAI_CACHE="$2" "$1" eval "$file")
  end=$(date +%s%N)
  [[ "$out" == "144" ]] || { echo "unexpected output: $out" >&2; exit 1; }
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

measure() { # CLI LABEL
  local cli="$1" warm_times=() cold_times=() empty
  FLUENTAI_CACHE="$warm" "$cli" eval "$file" >/dev/null # fill the cache
  for ((i = 0; i < runs; i++)); do
    warm_times+=("$(time_one "$cli" "$warm")")
    empty=$(mktemp -d)
    cold_times+=("$(time_one "$cli" "$empty")")
    rm -rf "$empty"
  done
  echo "$2:"
  echo "  warm cache : ${warm_times[*]}  -> median $(printf '%s\n' "${warm_times[@]}" | median) ms"
  echo "  empty cache: ${cold_times[*]}  -> median $(printf '%s\n' "${cold_times[@]}" | median) ms"
}

echo "fluentai eval $file, $runs runs each (ms); target: under 500 ms"
measure src/Cli/bin/Release/net10.0/fluentai "Release build (dotnet build)"
measure "$published/fluentai" "published ReadyToRun ($rid)"
