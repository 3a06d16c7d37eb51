#!/usr/bin/env bash
# Runs a release archive the way a user without .NET would: unpacked into an empty folder, with no dotnet on PATH
# and an empty HOME, then analyze, render, live --input, models and bench. analyze's readings are compared with
# the checkout's own build (the JIT), so the ahead-of-time compiled program is shown to compute the same numbers.
#   tools/release/check.sh ARCHIVE
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ $# -eq 1 ] || { echo "usage: tools/release/check.sh ARCHIVE" >&2; exit 2; }
archive=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -f "$archive" ] || { echo "check.sh: $archive: no such archive" >&2; exit 3; }
clip="${MUSICEMOTION_REFERENCE:-$root/../shared/reference}/music/sad.wav"
[ -f "$clip" ] || { echo "check.sh: $clip: reference clip missing (set MUSICEMOTION_REFERENCE)" >&2; exit 3; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/unpacked" "$scratch/home" "$scratch/nobin"
tar -C "$scratch/unpacked" -xzf "$archive"
app=$(find "$scratch/unpacked" -mindepth 2 -maxdepth 2 -name musicemotion -type f)
[ -x "$app" ] || { echo "check.sh: no musicemotion executable in $archive" >&2; exit 1; }

failures=0
run() {  # run NAME ARGS...: the unpacked program, no dotnet reachable, empty HOME; stdout kept in $scratch/NAME.out
  local label=$1; shift
  if env -i HOME="$scratch/home" PATH="$scratch/nobin" LANG=C.UTF-8 "$app" "$@" > "$scratch/$label.out" 2> "$scratch/$label.err"; then
    return 0
  fi
  echo "check.sh: FAIL $label (exit $?): $(tail -n 1 "$scratch/$label.err")" >&2
  failures=$((failures + 1))
  return 1
}
pass() { echo "check.sh: ok   $1"; }
fail() { echo "check.sh: FAIL $1" >&2; failures=$((failures + 1)); }

if run models models; then
  grep -q "│ forecaster │" "$scratch/models.out" && grep -q "2 x 32 LSTM state" "$scratch/models.out" && pass "models lists the shipped models" || fail "models: the shipped models are not listed"
fi

if run analyze analyze "$clip" --format csv; then
  "$root/musicemotion" analyze "$clip" --format csv > "$scratch/jit.csv"
  # The CSV has 6 decimals; AOT and JIT may round the last one differently (float sums in another order).
  if python3 - "$scratch/analyze.out" "$scratch/jit.csv" <<'PY'
import csv, sys
aot, jit = (list(csv.reader(open(p))) for p in sys.argv[1:])
assert len(aot) == len(jit) == 25, f"rows: release {len(aot)}, checkout {len(jit)} (expected 25)"
worst = 0.0
for a, j in zip(aot[1:], jit[1:]):
    for x, y in zip(a[2:], j[2:]):
        try:
            worst = max(worst, abs(float(x) - float(y)))
        except ValueError:
            pass
assert worst <= 5e-6, f"largest difference {worst:.2e} > 5e-6"
print(f"{len(aot) - 1} readings, largest difference from the checkout's build {worst:.1e}")
PY
  then pass "analyze matches the checkout's build"; else fail "analyze differs from the checkout's build"; fi
fi

if run render render --input "$clip" --out "$scratch/track.png"; then
  [ "$(head -c 8 "$scratch/track.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] \
    && pass "render wrote a PNG ($(stat -c %s "$scratch/track.png") bytes)" || fail "render: $scratch/track.png is not a PNG"
fi

if run live live --input "$clip" --duration 3; then
  readings=$(grep -c '^ *[0-9]*:[0-9][0-9]\.[0-9]' "$scratch/live.out" || true)
  [ "$readings" -ge 5 ] && pass "live --input printed $readings readings" || fail "live --input printed $readings readings (expected >= 5)"
fi

if run bench bench "$clip" --frames 200; then
  grep -q 'allocated: 0 bytes/frame' "$scratch/bench.out" && pass "bench ran 200 frames, 0 bytes/frame" || fail "bench: no '0 bytes/frame' line"
fi

if [ "$failures" -ne 0 ]; then
  echo "check.sh: $failures check(s) of $(basename "$archive") failed" >&2
  exit 1
fi
echo "check.sh: $(basename "$archive") runs without .NET: all checks passed"
