#!/usr/bin/env bash
# Installs what the tests need, idempotently and without prompts: Debian packages (native libraries, a sound
# server, a display server, the real peers of our wire formats, Python with torch for the training tools)
# and the npm peers. Safe to run again: it only installs what is missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

packages=(
  # native libraries the product binds
  libsndfile1 libportaudio2 libglfw3 libfreetype6 libgl1-mesa-dri libegl1 libegl-mesa0 fonts-dejavu-core
  # real servers and peers the integration tests talk to
  pulseaudio pulseaudio-utils libasound2-plugins xvfb liblo-tools sox libsox-fmt-all
  # the shared library catalog's server (setup.d/70-postgres.sh starts it)
  postgresql
  # the training and reference tools (Debian's python3 at /usr/bin/python3)
  python3-numpy python3-scipy python3-torch python3-onnx python3-msgpack
)
# npm fetches the npm MessagePack peer; these machines ship Node.js with npm,
# and Debian's npm package would conflict with that build, so ask for Debian's only where npm is absent.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: Debian packages present"
fi

for step in "$here"/setup.d/*.sh; do
  [ -e "$step" ] || continue
  bash "$step"
done
