#!/usr/bin/env bash
# The independent implementations the wire-format tests compare against: liblo's oscdump (OSC), Python's
# msgpack and npm's @msgpack/msgpack (MessagePack). Idempotent: installs only what is missing. The npm peer
# is unpacked, not installed: it has no dependencies, and a plain folder in the cache keeps it out of the
# repository and off the global node_modules.
set -euo pipefail

missing=()
for p in liblo-tools python3-msgpack; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup.d/30-peers: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Same cache folder as NativeLibraries.CacheDirectory, where the tests look for the peer.
cache="${MUSICEMOTION_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/musicemotion}"
version=3.1.3
dest="$cache/peers/msgpack-javascript-$version"
if [ -f "$dest/dist.cjs/index.cjs" ]; then
  echo "setup.d/30-peers: @msgpack/msgpack $version present"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@msgpack/msgpack@$version" >/dev/null)
mkdir -p "$work/unpacked"
tar -xzf "$work/msgpack-msgpack-$version.tgz" -C "$work/unpacked" --strip-components=1
mkdir -p "$cache/peers"
rm -rf "$dest"
mv "$work/unpacked" "$dest"
echo "setup.d/30-peers: @msgpack/msgpack $version unpacked into $dest"
