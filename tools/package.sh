#!/usr/bin/env bash
# Makes a self-contained release archive of musicemotion for one platform: no .NET SDK or runtime needed to run it.
#   tools/package.sh RID [--out DIR] [--force] [--check]
#     RID      linux-x64, linux-arm64, win-x64 or osx-arm64
#     --out    where the archive goes (default: artifacts/)
#     --force  replace an archive that exists
#     --check  then unpack it into an empty folder and run analyze, render, live --input, models and bench from
#              there with no dotnet on PATH and an empty HOME (the host's own RID only)
# The archive holds musicemotion-VERSION-RID/: the executable, the native libraries of that RID that may be
# bundled (ONNX Runtime, SQLite), shaders/, models/ with their cards, README.md, LICENSE, THIRD-PARTY-NOTICES.md
# and licenses/. PortAudio, GLFW and libsndfile come from the system on Linux and macOS: a missing one is a
# one-line error naming the package, when the command that needs it starts.
#
# How it is compiled: NativeAOT where this machine can link for the RID (its own OS and architecture: NativeAOT
# links with the target platform's own linker and C runtime, so a Linux machine cannot link a Windows or macOS
# executable, and linux-arm64 needs an arm64 sysroot this machine lacks); ReadyToRun, self-contained, for the
# others (crossgen2 compiles any RID's IL ahead of time here, and the tiered JIT still optimises hot loops there).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

usage() { echo "usage: tools/package.sh linux-x64|linux-arm64|win-x64|osx-arm64 [--out DIR] [--force] [--check]" >&2; exit 2; }
rid="" out="$root/artifacts" force=0 check=0
while [ $# -gt 0 ]; do
  case "$1" in
    linux-x64|linux-arm64|win-x64|osx-arm64) [ -z "$rid" ] || usage; rid=$1 ;;
    --out) [ $# -ge 2 ] || usage; out=$2; shift ;;
    --force) force=1 ;;
    --check) check=1 ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "package.sh: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done
[ -n "$rid" ] || usage

host_rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
name="musicemotion-$version-$rid"
case "$rid" in win-*) archive="$out/$name.zip" ;; *) archive="$out/$name.tar.gz" ;; esac
if [ -e "$archive" ] && [ "$force" -eq 0 ]; then
  echo "package.sh: $archive exists; pass --force to replace it" >&2
  exit 1
fi
if [ "$check" -eq 1 ] && [ "$rid" != "$host_rid" ]; then
  echo "package.sh: --check runs the archive, so it needs the host's RID ($host_rid), not $rid" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage="$work/$name"

publish=(dotnet publish src/MusicEmotion.Cli -c Release -r "$rid" -o "$stage" --nologo -v quiet
  -p:DebugType=none)
if [ "$rid" = "$host_rid" ]; then
  compiled="NativeAOT"
  publish+=(-p:PublishAot=true -p:StripSymbols=true)
  # x86-64-v3 (AVX2 + FMA, every x64 PC since about 2015): the SIMD kernels' fast paths are compiled in, as the JIT
  # would pick them; a processor without them is told so when the program starts, instead of running 10x slower.
  case "$rid" in *-x64) publish+=(-p:IlcInstructionSet=x86-64-v3) ;; esac
else
  compiled="ReadyToRun (self-contained)"
  publish+=(--self-contained -p:PublishReadyToRun=true)
fi
echo "package.sh: publishing $rid as $compiled ..." >&2
"${publish[@]}" >&2
# Debug symbols and API docs are for developers, not for running it.
rm -f "$stage"/*.dbg "$stage"/*.pdb "$stage"/*.xml

cp tools/release/README.md LICENSE "$stage/"
python3 tools/release/notices.py src/MusicEmotion.Cli/obj/project.assets.json "$rid" "$stage"
# The .NET runtime and ASP.NET Core (compiled in, or beside the executable): their licences as their packs ship them.
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
for pack in microsoft.netcore.app.runtime."$rid" microsoft.aspnetcore.app.runtime."$rid"; do
  for file in "$packages/$pack"/*/LICENSE.TXT "$packages/$pack"/*/THIRD-PARTY-NOTICES.TXT; do
    [ -f "$file" ] || continue
    mkdir -p "$stage/licenses/$pack"
    cp "$file" "$stage/licenses/$pack/"
  done
done
printf '%s\n' "musicemotion $version for $rid, compiled as $compiled from $(git rev-parse --short HEAD 2>/dev/null || echo 'a source tree')" > "$stage/BUILD.txt"

mkdir -p "$out"
rm -f "$archive"
case "$archive" in
  *.zip) (cd "$work" && python3 -m zipfile -c "$archive" "$name") ;;
  *) tar -C "$work" -czf "$archive" "$name" ;;
esac
echo "package.sh: $archive ($(du -h "$archive" | cut -f1), $compiled)"

[ "$check" -eq 1 ] || exit 0
bash tools/release/check.sh "$archive"
