#!/usr/bin/env bash
# Two builds of the benchmark, side by side: `pages-eval` of each started together (one core each on a
# two-core machine, so both see the same load), N times; prints each run's CPU-seconds (user + sys)
# and the ratio B / A. Swap the two folders for half the runs: a side may be faster than the other.
#   bash bench/side-by-side.sh N DIR_A DIR_B     (DIR_*: a copy of bench/Fathom.Benchmarks/bin/Release/net10.0)
set -euo pipefail
n=$1; a=$2; b=$3
export FATHOM_PAGES_DATA=${FATHOM_PAGES_DATA:-$(cd "$(dirname "$0")/../../shared/data/pages" && pwd)}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for _ in $(seq 1 "$n"); do
  rm -f "$out"/*.json
  /usr/bin/time -f "%U %S" -o "$out/a.time" dotnet "$a/Fathom.Benchmarks.dll" pages-eval "$out/a.json" > /dev/null 2>&1 &
  /usr/bin/time -f "%U %S" -o "$out/b.time" dotnet "$b/Fathom.Benchmarks.dll" pages-eval "$out/b.json" > /dev/null 2>&1 &
  wait
  for side in a b; do
    if [ ! -s "$out/$side.json" ] || grep -q "exited with non-zero status" "$out/$side.time"; then
      echo "side $side: pages-eval failed" >&2
      exit 1
    fi
  done
  ta=$(awk 'END { print $1 + $2 }' "$out/a.time"); tb=$(awk 'END { print $1 + $2 }' "$out/b.time")
  cmp -s "$out/a.json" "$out/b.json" && same=identical || same=different
  echo "A $ta B $tb ratio $(awk -v a="$ta" -v b="$tb" 'BEGIN { printf "%.3f", b / a }') predictions $same"
done
