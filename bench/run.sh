#!/usr/bin/env bash
# Runs the benchmarks in Release with small jobs (ShortRun for the micro benchmarks, a 10+30
# iteration job for compile and reload) and prints the headline ratios against their targets.
# Usage: bench/run.sh [--filter '*Fib30*'] [other BenchmarkDotNet arguments]
# Run one at a time: the machine's two cores are shared.
set -euo pipefail
cd "$(dirname "$0")"
export FLUENTAI_CACHE="${FLUENTAI_CACHE:-/tmp/fai-cache-bench}"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=(--filter '*')
fi
dotnet run -c Release --project FluentAI.Plugins.Benchmarks.csproj -- "${args[@]}" | tee /tmp/fai-bench-run.log
echo
echo "Headline (also in BenchmarkDotNet.Artifacts/results and /tmp/fai-bench-run.log):"
sed -n '/== Headline/,$p' /tmp/fai-bench-run.log
