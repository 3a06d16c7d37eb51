#!/usr/bin/env bash
# The test command: installs what the tests need (tools/setup.sh), runs every test of the solution, then the
# 3-minute soak (tools/soak/run.sh --ci) of the program they built.
# A failing run ends by repeating each failed test with its message, so the last lines of a
# long CI log name what failed instead of the tests that happened to finish last.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash tools/setup.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
tests=0
dotnet test MusicEmotion.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || tests=$?

# Then the 3-minute soak of the program the tests just built (tools/soak/run.sh --ci): live with every output,
# serve under load, recordings killed mid-way. MUSICEMOTION_SOAK=0 leaves it out (a filtered run, for example).
soak=skipped
if [ "${MUSICEMOTION_SOAK:-1}" = 0 ]; then
  soak="skipped (MUSICEMOTION_SOAK=0)"
elif [ ! -d ../shared/reference/music ] && [[ ! ${CI:-} =~ ^(true|1|yes)$ ]]; then
  soak="skipped (no ../shared/reference: the soak plays its music)"
else
  echo
  if bash tools/soak/run.sh --ci --out "$(mktemp -d /tmp/musicemotion-soak-ci-XXXXXX)"; then soak=passed; else soak=FAILED; fi
fi

if [ "$tests" -ne 0 ]; then
  echo
  echo "== failed tests (repeated from above) =="
  # A block runs from a "Failed <test>" line to the next test result; stack frames are cut to 12 lines.
  awk '
    /^  (Passed|Skipped) / || /^\[xUnit/ { inside = 0 }
    /^  Failed /                        { inside = 1; frames = 0 }
    inside && /^     at /               { if (++frames > 12) next }
    inside                              { print }
  ' "$log"
fi
echo
echo "== tools/test.sh: tests $([ "$tests" -eq 0 ] && echo passed || echo "FAILED (exit $tests)"), soak $soak =="
if [ "$tests" -ne 0 ]; then exit "$tests"; fi
if [ "$soak" = FAILED ]; then exit 1; fi
