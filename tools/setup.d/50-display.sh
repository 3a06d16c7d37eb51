#!/usr/bin/env bash
# The visualiser's tests: an X server (Xvfb) with Mesa's llvmpipe, GLFW, EGL and FreeType with DejaVu Sans come
# from tools/setup.sh; this adds xdotool, which presses real keys in the test window through XTEST.
set -euo pipefail
packages=(xvfb libgl1-mesa-dri libglfw3 libegl1 libegl-mesa0 libfreetype6 fonts-dejavu-core xdotool)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup.d/50-display: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" || {
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  }
fi
