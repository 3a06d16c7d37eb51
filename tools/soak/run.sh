#!/usr/bin/env bash
# The soak: the built program run for a long time under its real conditions, checking that nothing is lost, that
# memory stays flat and that the server keeps answering. Three parts, each a script beside this one:
#   live   live --input FILE --loop with the view (private Xvfb), OSC, a recording and periodic stats (live.sh)
#   serve  serve under load from local clients: WebSocket readers, POST /analyze of every kind, /health timed (serve.sh)
#   kill   kill -9 during --record at random moments; every recording must read back to its last complete reading (kill.sh)
#
#   tools/soak/run.sh [--minutes M] [--serve-minutes M] [--ci] [--only live|serve|kill] [--capture file|pulse]
#                     [--smaps] [--out DIR]
#
# --minutes M: how long the live part runs (default 60) and the serve part's clients read (default 10; at most M).
# --serve-minutes M: how long the serve part's clients read, whatever --minutes says.
# --smaps: with each memory sample, also keep the live process's /proc/PID/smaps (live/smaps/SECONDS), and end
# the live part with the mappings whose resident memory grew most over its second half.
# --capture pulse: the live part plays the file into a private PulseAudio server and captures it through PortAudio,
# instead of --input's paced file (the default, file).
# --ci: the 3-minute version (live 60 s, serve 50 s with 10 clients and 120 uploads, kill x8), which tools/test.sh
# runs after the tests; it fails only on what cannot be noise on a loaded machine (a crash, an exit code, a reading
# lost, a drop, a /health failure or a p99 more than 50 ms above that of a trivial server polled alongside, a
# recording that does not read back), and reports the memory slope without judging it. Uses the Release build as
# it is (it never builds); needs Xvfb, PulseAudio, python3.
# Prints each part's checks and ends with one summary line per part; exit 0 when every part passed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

minutes=60
serve_minutes=
ci=0
only=
out=
while [ $# -gt 0 ]; do
  case $1 in
    --minutes) minutes=$2; shift 2 ;;
    --serve-minutes) serve_minutes=$2; shift 2 ;;
    --smaps) export SOAK_SMAPS=1; shift ;;
    --ci) ci=1; shift ;;
    --only) only=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --capture) export SOAK_CAPTURE=$2; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "soak: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case $only in
  ""|live|serve|kill) ;;
  *) echo "soak: --only takes live, serve or kill, not '$only'" >&2; exit 2 ;;
esac
for value in "$minutes" "${serve_minutes:-1}"; do
  if ! [[ $value =~ ^[0-9]+$ ]] || [ "$value" -lt 1 ]; then
    echo "soak: --minutes and --serve-minutes take a whole number of minutes (1 or more), not '$value'" >&2
    exit 2
  fi
done
out=${out:-$(mktemp -d)}
mkdir -p "$out"

if [ "$ci" -eq 1 ]; then
  live_seconds=60; live_sample=10; live_stats=20
  serve_seconds=50; serve_clients=10; serve_requests=120
  kill_runs=8
else
  live_seconds=$((minutes * 60)); live_sample=60; live_stats=60
  serve_minutes=${serve_minutes:-$((minutes < 10 ? minutes : 10))}
  serve_seconds=$((serve_minutes * 60)); serve_clients=50; serve_requests=1000
  kill_runs=100
fi

declare -A verdict
run_part() {
  local part=$1
  shift
  echo "== soak: $part =="
  if "$@"; then verdict[$part]=passed; else verdict[$part]=FAILED; fi
}
wanted() { [ -z "$only" ] || [ "$only" = "$1" ]; }
if wanted live; then run_part live "$here/live.sh" "$live_seconds" "$out/live" "$live_sample" "$live_stats"; fi
if wanted serve; then run_part serve "$here/serve.sh" "$serve_seconds" "$out/serve" "$serve_clients" "$serve_requests"; fi
if wanted kill; then run_part kill "$here/kill.sh" "$kill_runs" "$out/kill"; fi

echo
echo "== soak summary ($([ "$ci" -eq 1 ] && echo "CI version" || echo "full"); figures in $out) =="
status=0
for part in live serve kill; do
  [ -n "${verdict[$part]:-}" ] || continue
  echo "  $part: ${verdict[$part]}"
  [ "${verdict[$part]}" = passed ] || status=1
done
echo "soak: $([ "$status" -eq 0 ] && echo passed || echo FAILED)"
exit "$status"
