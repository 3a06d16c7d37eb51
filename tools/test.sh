#!/usr/bin/env bash
# The test command: installs what the tests need (tools/setup.sh), then runs every test of the solution.
# A failing run ends by repeating each failed test with its message, so the last lines of a
# long CI log name what failed instead of the tests that happened to finish last.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash tools/setup.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test MusicEmotion.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
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
# The release, as a user without .NET gets it: the linux-x64 archive built, unpacked into an empty folder and run.
if [ "$status" -eq 0 ]; then
  release=$(mktemp -d)
  bash tools/package.sh linux-x64 --out "$release" --check || status=$?
  rm -rf "$release"
fi
exit "$status"
