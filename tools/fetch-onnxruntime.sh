#!/usr/bin/env bash
# Puts the ONNX Runtime native library for this OS and architecture where the resolver looks for it
# (src/MusicEmotion.Native/NativeLibraries.cs, OnnxRuntimeCacheDirectory):
#   ${MUSICEMOTION_CACHE:-${XDG_CACHE_HOME:-~/.cache}/musicemotion}/onnxruntime/<version>/<rid>
# The NuGet package that normally carries it is not reachable from here, so the library comes from the npm
# package onnxruntime-node, which ships the same release build of the native library (and, for Windows,
# the DirectML build with DirectML.dll). Safe to run again: it does nothing when the library is in place.
#   tools/fetch-onnxruntime.sh            fetch (or confirm) and print the folder
#   ORT_NPM_TARBALL=file.tgz tools/...    use an already downloaded onnxruntime-node tarball
set -euo pipefail

version=1.30.0

case "$(uname -s)" in
  Linux) os=linux npm_os=linux ;;
  Darwin) os=osx npm_os=darwin ;;
  MINGW* | MSYS* | CYGWIN*) os=win npm_os=win32 ;;
  *) echo "fetch-onnxruntime: unsupported OS $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "fetch-onnxruntime: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
rid="$os-$arch"

# sha256 of each file as published in onnxruntime-node@1.30.0: the check that what lands in the cache is
# exactly the library the interop layer was written against, not a truncated download or another build.
case "$rid" in
  linux-x64) files=(libonnxruntime.so.1)
    sums=(ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23) ;;
  linux-arm64) files=(libonnxruntime.so.1)
    sums=(1f549d46250b005580b597f4164984aaf75b3bcb9f3aeb07c7f8a8fe60b23c76) ;;
  osx-arm64) files=(libonnxruntime.1.dylib)
    sums=(685d2be5dba1309c89d3a5324b7fd06a5c42f1a61bfea32d14c4cc28d072121d) ;;
  win-x64) files=(onnxruntime.dll DirectML.dll)
    sums=(508c362f5673483dd3a086379c392795b2e42d10d5e6f3f90ebd7ac21c97af67
      234e8898778cdec88d3cb0539508273494082812c968699f3de665a018971625) ;;
  win-arm64) files=(onnxruntime.dll DirectML.dll)
    sums=(6c3a2abf5c6aca11c48a0d338a91af309f2266f25ce2e4084e6a87bbcb0fbfd0
      aaf72a9d55aa123e0708d957d30dd4fbeb7a2e335ec6257ed5ff4261a402b9ee) ;;
  *) echo "fetch-onnxruntime: onnxruntime-node@$version has no library for $rid" >&2; exit 1 ;;
esac

# Same rule as NativeLibraries.CacheDirectory (on Windows it uses %LOCALAPPDATA%).
if [ -n "${MUSICEMOTION_CACHE:-}" ]; then
  cache=$MUSICEMOTION_CACHE
elif [ "$os" = win ] && [ -n "${LOCALAPPDATA:-}" ]; then
  cache=$(cygpath -u "$LOCALAPPDATA" 2>/dev/null || echo "$LOCALAPPDATA")/musicemotion
else
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/musicemotion
fi
dest="$cache/onnxruntime/$version/$rid"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

in_place() {
  local i
  for i in "${!files[@]}"; do
    [ -f "$dest/${files[$i]}" ] && [ "$(sha256 "$dest/${files[$i]}")" = "${sums[$i]}" ] || return 1
  done
}

if in_place; then
  echo "fetch-onnxruntime: ONNX Runtime $version already in $dest"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "${ORT_NPM_TARBALL:-}" ]; then
  tarball=$ORT_NPM_TARBALL
else
  command -v npm >/dev/null 2>&1 || {
    echo "fetch-onnxruntime: npm is needed to download onnxruntime-node@$version (install Node.js)" >&2
    exit 1
  }
  echo "fetch-onnxruntime: npm pack onnxruntime-node@$version"
  # npm checks the tarball against the registry's integrity hash and keeps it in its own cache, so a second
  # run needs no download; no install script runs.
  (cd "$work" && npm pack --silent "onnxruntime-node@$version" >/dev/null)
  tarball="$work/onnxruntime-node-$version.tgz"
fi

members=()
for f in "${files[@]}"; do
  members+=("package/bin/napi-v6/$npm_os/$arch/$f")
done
tar -xzf "$tarball" -C "$work" "${members[@]}" || {
  echo "fetch-onnxruntime: $tarball is not an onnxruntime-node@$version package with ${members[*]}" >&2
  exit 1
}

mkdir -p "$dest"
for i in "${!files[@]}"; do
  extracted="$work/package/bin/napi-v6/$npm_os/$arch/${files[$i]}"
  actual=$(sha256 "$extracted")
  if [ "$actual" != "${sums[$i]}" ]; then
    echo "fetch-onnxruntime: ${files[$i]} from $tarball has sha256 $actual, expected ${sums[$i]}" >&2
    exit 1
  fi
  # Copy then rename, so a process loading the library never sees a half-written file.
  cp "$extracted" "$dest/${files[$i]}.partial"
  mv "$dest/${files[$i]}.partial" "$dest/${files[$i]}"
done

echo "fetch-onnxruntime: ONNX Runtime $version for $rid in $dest"
