#!/usr/bin/env bash
# What live capture and its tests need: PortAudio (the capture library), a PulseAudio server with its client tools
# (pactl, paplay: the tests start a private server with null sinks and play into it), and ALSA's PulseAudio plugin,
# through which PortAudio's 'pulse' device reaches the server. Idempotent: installs only what is missing.
set -euo pipefail

missing=()
for p in libportaudio2 pulseaudio pulseaudio-utils libasound2-plugins; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup.d/60-sound: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup.d/60-sound: PortAudio, PulseAudio and the ALSA pulse plugin present"
fi
