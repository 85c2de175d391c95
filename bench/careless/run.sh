#!/usr/bin/env bash
# Runs every research question against the careless model server (or, with --careful, the same
# server answering carefully) through the `openai-compatible:` model path, and scores each report.
#   bash bench/careless/run.sh [--seed N] [--careful] [--extractive] [OUT_DIR]
# Needs `dotnet build src/Fathom.Cli -c Release` and `dotnet build tests/Fathom.CarelessModel -c Release` first.
# FATHOM_BENCH_CLI and FATHOM_BENCH_SERVER name other builds (to measure an older commit side by side);
# FATHOM_BENCH_CACHE shares one corpus index between runs (it is built once, which takes minutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
seed=7 careful="" extractive="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seed) seed="$2"; shift 2 ;;
    --careful) careful="--careful"; shift ;;
    --extractive) extractive=1; shift ;;
    *) out="$1"; shift ;;
  esac
done
out="${out:-$(mktemp -d)}"
mkdir -p "$out"
data=../shared/data/research
cli=${FATHOM_BENCH_CLI:-src/Fathom.Cli/bin/Release/net10.0/fathom.dll}
server=${FATHOM_BENCH_SERVER:-tests/Fathom.CarelessModel/bin/Release/net10.0/Fathom.CarelessModel.dll}
export XDG_DATA_HOME="$out/data" XDG_CACHE_HOME="${FATHOM_BENCH_CACHE:-$out/cache}"

if [ -z "$extractive" ]; then
  dotnet "$server" --seed "$seed" $careful > "$out/server.addr" 2> "$out/server.log" &
  pid=$!
  # SIGTERM stops the server cleanly; it writes its fault counts to server.log as it ends.
  trap 'kill -TERM $pid 2>/dev/null && wait $pid 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [ -s "$out/server.addr" ] && break; sleep 0.2; done
  model="openai-compatible:careless-1b@$(head -1 "$out/server.addr")"
else
  model=extractive
fi

printf '| id | kpr | words | unresolved | quotes_verbatim | supported | rejected answers | s |\n|---|---|---|---|---|---|---|---|\n'
python3 -c 'import json,sys; [print(json.loads(l)["id"], json.loads(l)["query"], sep="\t") for l in open(sys.argv[1])]' "$data/queries.jsonl" |
while IFS=$'\t' read -r id query; do
  start=$(date +%s.%N)
  dotnet "$cli" research "$query" --corpus "$data/corpus" --no-clarify --model "$model" --out "$out/$id.json" > "$out/$id.log" 2>&1 || echo "run $id exited $?" >&2
  secs=$(python3 -c "import sys; print(round($(date +%s.%N) - $start, 1))")
  score=$(python3 ../shared/tools/eval_research.py "$data" "$id" "$out/$id.json")
  rejected=$(grep -c "rejected\|Rejected" "$out/$id.log" || true)
  python3 - "$id" "$score" "$rejected" "$secs" <<'PY'
import json, sys
s = json.loads(sys.argv[2])
print(f"| {sys.argv[1]} | {s['kpr']:.3f} | {s['words']} | {s['unresolved']} | {s['quotes_verbatim']} | {s['supported']} | {sys.argv[3]} | {sys.argv[4]} |")
PY
done
echo "reports in $out" >&2
