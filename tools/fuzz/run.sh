#!/usr/bin/env bash
# Long fuzz runs of every parser that takes outside bytes (not part of CI; the test suite runs a short smoke).
#   tools/fuzz/run.sh                      every target, 100 000 inputs each
#   tools/fuzz/run.sh --targets wav,npy --inputs 20000 [--seed N] [--minutes M per target] [--findings DIR]
#   tools/fuzz/run.sh --list               the targets and what each reads
# Prints, per target, the inputs tried, the distinct outcomes, the slowest input and the most allocated; a crash,
# hang or over-allocation is saved as DIR/TARGET/KIND-HASH.bin (default fuzz-findings/) and makes the exit 1.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build tools/fuzz/MusicEmotion.Fuzz/MusicEmotion.Fuzz.csproj -c Release --nologo -v quiet >&2
# Run from a copy (under the ignored bin/), so a build started during a long run cannot replace the assemblies under it.
mkdir -p tools/fuzz/bin
copy="$(mktemp -d -p "$root/tools/fuzz/bin")"  # inside the repository: the targets find it (and models/) from there
trap 'rm -rf "$copy"' EXIT
cp -r tools/fuzz/MusicEmotion.Fuzz/bin/Release/net10.0/. "$copy"
dotnet "$copy/MusicEmotion.Fuzz.dll" "$@"
