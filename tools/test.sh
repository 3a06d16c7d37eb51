#!/usr/bin/env bash
# The test command: installs what the tests need (tools/setup.sh), builds the win-x64 output (it must compile), then
# runs every test of the solution.
# A failing run ends by repeating each failed test with its message, so the last lines of a
# long CI log name what failed instead of the tests that happened to finish last.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash tools/setup.sh

# The Windows output must compile here too: the WASAPI capture and the ONNX Runtime route exist only in a win-* build,
# and nothing here can run them. Its own artifacts folder keeps its restore (win-x64) apart from the Linux build's obj/.
# Built first, so the test run's summary stays the last lines of the log; a failure fails the command at the end.
echo "== dotnet build -r win-x64 (the Windows output; compiled, not run) =="
windows=0
dotnet build src/MusicEmotion.Cli/MusicEmotion.Cli.csproj -c Release -r win-x64 --nologo -v quiet \
  --artifacts-path "$root/artifacts/win-x64" || windows=$?

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
if [ "$windows" -ne 0 ]; then
  echo
  echo "== the win-x64 build failed (its errors are at the top of this log) =="
  status=1
fi
exit "$status"
