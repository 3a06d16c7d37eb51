#!/usr/bin/env bash
# The training tools' extra Debian packages: matplotlib (the evaluation report's plots) and soundfile
# (libsndfile from Python: Opus/OGG/MP3 decoding for the NumPy feature path and the real-music cues).
# The free game music used by tools/training/train_shipped.sh is large and only needed for that run;
# that script says how to install it.
set -euo pipefail
packages=(python3-matplotlib python3-soundfile)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup.d/40-training: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # tools/setup.sh updates the package index only when it installs something itself.
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" ||
    { $sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"; }
else
  echo "setup.d/40-training: packages present"
fi
