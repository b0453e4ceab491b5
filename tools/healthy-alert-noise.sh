#!/bin/bash
# Raw alerts (Firing events, every rule) per healthy simulated hour, per rule (issue #11).
# usage: tools/healthy-alert-noise.sh WORKDIR [--config FILE]   (SEEDS="1 2 3 4 5" RATES="0.5 1 3" by default)
# Build first: dotnet build src/AiObsStream.Cli -c Release
set -euo pipefail
work=$1; shift
cli="$(dirname "$0")/../src/AiObsStream.Cli/bin/Release/net10.0/aiobs"
mkdir -p "$work"
for rate in ${RATES:-0.5 1 3}; do
  for seed in ${SEEDS:-1 2 3 4 5}; do
    in="$work/in-$rate-$seed"
    [ -d "$in" ] || "$cli" simulate --out "$in" --minutes 60 --seed "$seed" --rate-scale "$rate" > /dev/null
    rm -rf "$work/out-$rate-$seed"
    "$cli" run -i "$in" --out "$work/out-$rate-$seed" -q "$@" > /dev/null
  done
done
python3 - "$work" <<'PY'
import collections, glob, json, os, sys
total, hours = collections.Counter(), 0
for d in sorted(glob.glob(os.path.join(sys.argv[1], "out-*"))):
    c = collections.Counter(a["Rule"] for a in map(json.loads, open(os.path.join(d, "alerts.jsonl"))) if a["Status"] == "Firing")
    print(os.path.basename(d), sum(c.values()), dict(c))
    total.update(c); hours += 1
print(f"{hours} healthy hours, {sum(total.values()) / hours:.2f} alerts per hour")
for rule, n in sorted(total.items()):
    print(f"  {rule}: {n} ({n / hours:.2f}/h)")
PY
