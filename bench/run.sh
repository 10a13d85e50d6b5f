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
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (the cores are shared: note it beside the figures)"
# The program prints the headline ("== Headline (medians) ==") after BenchmarkDotNet's tables;
# the full reports are in bench/BenchmarkDotNet.Artifacts/results.
dotnet run -c Release --project FluentAI.Plugins.Benchmarks.csproj -- "${args[@]}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
