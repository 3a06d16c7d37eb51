#!/usr/bin/env bash
# Live latency benchmark: `live --input FILE --loop` for SECONDS in each setting of the live thread (pinned or not,
# ordinary or real-time priority), on a quiet machine and beside two spinning processes (one per core here, as
# bench's --load 2 spins two threads). Prints live's own end-to-end row (the frame's last block read from the ring
# -> its reading published, in ms) for each, as a Markdown table.
#   tools/bench/live_latency.sh [SECONDS] [PROGRAM]   (defaults: 60 s; the Release build of the CLI)
# --priority realtime needs root or an rtprio limit; without it those rows say "refused".
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-60}
program=${2:-$root/src/MusicEmotion.Cli/bin/Release/net10.0/musicemotion}
music=${MUSICEMOTION_REFERENCE:-$root/../shared/reference}/music/frantic.wav
[ -x "$program" ] || { echo "live_latency: $program is missing: dotnet build -c Release src/MusicEmotion.Cli" >&2; exit 1; }
[ -f "$music" ] || { echo "live_latency: $music is missing: set MUSICEMOTION_REFERENCE" >&2; exit 3; }

spinners=()
stop_load() { if [ ${#spinners[@]} -gt 0 ]; then kill "${spinners[@]}" 2>/dev/null || true; wait "${spinners[@]}" 2>/dev/null || true; fi; spinners=(); }
trap stop_load EXIT
start_load() { for _ in 1 2; do (while :; do :; done) & spinners+=($!); done; }

echo "| load | live thread | frames | median | p99 | p99.9 | max | ring overruns |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for load in none 2; do
  [ "$load" = 2 ] && start_load
  for setting in "--no-pin" "" "--priority realtime"; do
    stats=$(mktemp)
    # shellcheck disable=SC2086 # the setting is zero, one or two words
    if "$program" live --input "$music" --loop --duration "$seconds" --stats --format jsonl $setting >/dev/null 2>"$stats"; then
      thread=$(sed -n 's/^  live thread: capture, features and inference on one thread, //p' "$stats")
      row=$(awk '$1 == "end-to-end" { print $2 " | " $3 " | " $4 " | " $5 " | " $6 }' "$stats")
      overruns=$(sed -n 's/.*ring overruns \([0-9]*\).*/\1/p' "$stats")
      echo "| $load | $thread | $row | $overruns |"
    else
      echo "| $load | ${setting:-default} | refused: $(tail -n 1 "$stats") | | | | | |"
    fi
    rm -f "$stats"
  done
  stop_load
done
