#!/usr/bin/env bash
# Soak, kill part: RUNS times, `live --input FILE --loop --record R.msgpack` killed with SIGKILL at a random moment:
# one run in five during start-up (0.5-3 s after the start, before any reading on a busy machine), the others
# 0.5-6 s after the first reading was printed (start-up takes seconds, so a delay from the start alone would
# mostly hit it). Then R is exported: it must read back to its last complete reading (the readings it printed,
# reading for reading), a torn last value cut off in the reader's documented way, or, killed before the first
# reading, the reader's one-line "is empty" or "no readings".
#
#   tools/soak/kill.sh RUNS OUT_DIR
# Writes OUT_DIR/kill.json (one verdict per run) and prints the count; exit 0 when every run was exact.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

runs=$1
out=$2
input=${SOAK_INPUT:-$soak_music/sad_48k.wav}

soak_require_build
mkdir -p "$out"
rm -f "$out"/run-* "$out"/kill.json
trap soak_cleanup EXIT

echo "kill: $runs runs of live --record killed with SIGKILL at random moments (start-up, or 0.5-6 s into the readings)"
verdicts=$out/kill.verdicts
: >"$verdicts"
for i in $(seq 1 "$runs"); do
  run=$out/run-$i
  during_start_up=$((i % 5 == 0))
  delay=$("$soak_python" -c "import random, sys; print(round(random.uniform(0.5, 3.0 if sys.argv[1] == '1' else 6.0), 2))" "$during_start_up")
  "${soak_cli[@]}" live --input "$input" --loop --record "$run.msgpack" --format jsonl >"$run.jsonl" 2>"$run.stderr" </dev/null &
  pid=$!
  soak_track "$pid"
  if [ "$during_start_up" -eq 0 ]; then
    soak_wait_for_line "$run.jsonl" 120 "$pid" || echo "kill: run $i printed no reading within 120 s" >&2
  fi
  sleep "$delay"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  export_exit=0
  "${soak_cli[@]}" export "$run.msgpack" -f jsonl -o "$run.exported.jsonl" 2>"$run.export.stderr" || export_exit=$?
  verdict=$("$soak_python" "$soak_helper" killed "$run.jsonl" "$run.exported.jsonl" "$export_exit" "$run.export.stderr")
  echo "{\"run\": $i, \"during_start_up\": $([ "$during_start_up" -eq 1 ] && echo true || echo false), \"delay_s\": $delay, \"verdict\": $verdict}" >>"$verdicts"
done

"$soak_python" - "$verdicts" "$out/kill.json" <<'EOF'
import json, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
kinds = {}
for run in runs:
    kinds[run["verdict"]["kind"]] = kinds.get(run["verdict"]["kind"], 0) + 1
exact = sum(run["verdict"]["exact"] for run in runs)
json.dump({"runs": len(runs), "exact": exact, "kinds": kinds, "each": runs}, open(sys.argv[2], "w"), indent=1)
print(f"kill: {exact}/{len(runs)} recordings read back exactly to their last complete reading; {kinds}")
for run in runs:
    if not run["verdict"]["exact"]:
        v = run["verdict"]
        print(f"  run {run['run']} (killed at {run['delay_s']} s): printed {v['printed']}, recorded {v['recorded']}, export exit {v['export_exit']}: {v['said']}")
EOF
soak_check "every killed recording read back to its last complete reading" \
  "$soak_python" -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d['exact'] == d['runs'] > 0 else 1)" "$out/kill.json"
exit $((soak_failures > 0 ? 1 : 0))
