#!/usr/bin/env bash
# Builds bench/Peers in Release and prints the peers table: the same programs on FluentAI, ClearScript
# V8, NLua, Jint, CSharpScript and C# (boxed and typed), one process per engine, medians, each
# result checked (bench/README.md "Peers").
# Usage: bench/peers.sh [--engine fluentai,v8,nlua,jint,csscript,cs-boxed,cs-typed]
#                       [--workload fib,map,string,pipeline,json,reload,reload-first,call,call-slot]
#                       [--sizes full|small]
# The cores are shared: hold the lock for the whole run, `flock /tmp/fluentai-build.lock bench/peers.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
export FLUENTAI_CACHE="${FLUENTAI_CACHE:-/tmp/fai-cache-bench}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release bench/Peers/FluentAI.Plugins.Peers.csproj -nologo -v quiet
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "commit: $(git describe --always --dirty 2>/dev/null || echo unknown)"
echo "uptime before: $(uptime)"
# Runtime settings given by environment reach every engine's child process alike (e.g. DOTNET_gcConcurrent=0).
echo "runtime settings: $(env | grep -E '^DOTNET_(gc|GC|Tiered|TC_)' | tr '\n' ' ' || true)"
status=0
dotnet bench/Peers/bin/Release/net10.0/FluentAI.Plugins.Peers.dll "$@" || status=$?
echo "uptime after: $(uptime)"
exit "$status"
