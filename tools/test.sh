#!/usr/bin/env bash
# The test command: installs what the tests need (tools/setup.sh), then runs every test of the solution.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash tools/setup.sh
dotnet test MusicEmotion.sln -c Release --logger "console;verbosity=normal" "$@"
