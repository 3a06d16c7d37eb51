#!/usr/bin/env bash
# Soak, live part: `live --input FILE --loop` (or, with SOAK_CAPTURE=pulse, the file played into a private
# PulseAudio server and captured from it) for SECONDS with every output at once (the view under a private Xvfb,
# OSC to a counting receiver, a recording, jsonl on stdout, stats every STATS seconds), resident memory sampled
# every SAMPLE seconds, then Ctrl+C (SIGINT). Passes when it exits 0 with no drop and no overrun anywhere and every
# reading it printed was also sent over OSC and recorded (the recording exported back, reading for reading).
#
#   tools/soak/live.sh SECONDS OUT_DIR [SAMPLE_SECONDS] [STATS_SECONDS]
# Writes OUT_DIR/live.json (the figures) and prints the checks; exit 0 when all pass, 1 otherwise.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

seconds=$1
out=$2
sample=${3:-60}
every=${4:-60}
input=${SOAK_INPUT:-$soak_music/sad_48k.wav}

soak_require_build
if [ ! -f "$input" ]; then
  echo "soak: the input $input is missing (set SOAK_INPUT to an audio file)" >&2
  exit 2
fi
mkdir -p "$out"
rm -f "$out"/live.*
trap soak_cleanup EXIT
soak_private_folder
soak_start_xvfb
soak_start_pulse

osc_port=$(soak_free_port udp)
"$soak_python" "$soak_helper" osc-count "$osc_port" "$out/live.osc.json" &
osc_pid=$!
soak_track "$osc_pid"

# SOAK_CAPTURE=pulse captures instead: the file is played in a loop into the private server's null sink with
# paplay, and live records its monitor through PortAudio (ALSA's 'pulse' device), the path of a real sound card.
case ${SOAK_CAPTURE:-file} in
  file) source_options=(--input "$input" --loop) ;;
  pulse)
    export PULSE_SOURCE=$soak_pulse_sink.monitor
    bash -c 'trap "kill \$player 2>/dev/null; exit 0" TERM
             while :; do paplay --device="$1" "$2" & player=$!; wait $player || exit 1; done' player "$soak_pulse_sink" "$input" &
    soak_track $!
    source_options=(--device pulse)
    ;;
  *) echo "soak: SOAK_CAPTURE is file or pulse, not '$SOAK_CAPTURE'" >&2; exit 2 ;;
esac

echo "live: $input looped for ${seconds} s (${SOAK_CAPTURE:-file}), view on $DISPLAY, OSC to 127.0.0.1:$osc_port, recording $out/live.msgpack"
"${soak_cli[@]}" live "${source_options[@]}" --view --osc "127.0.0.1:$osc_port" --record "$out/live.msgpack" \
  --format jsonl --stats --stats-every "$every" >"$out/live.jsonl" 2>"$out/live.stderr" </dev/null &
live_pid=$!
soak_track "$live_pid"
# Memory is sampled from the first reading on: what start-up loads (models, the GL driver) is not a trend.
soak_wait_for_line "$out/live.jsonl" 120 "$live_pid" || echo "live: no reading within 120 s of the start" >&2
soak_sample_rss "$live_pid" "$out/live.rss" "$sample"

# Sleeps in short steps, so a program that dies early is seen at once rather than at the end.
deadline=$((SECONDS + seconds))
while [ "$SECONDS" -lt "$deadline" ] && kill -0 "$live_pid" 2>/dev/null; do
  sleep 1
done
ended_early=0
kill -0 "$live_pid" 2>/dev/null || ended_early=1
kill -INT "$live_pid" 2>/dev/null || true
live_exit=0
wait "$live_pid" || live_exit=$?
# The last datagrams left before the program exited; give the receiver a moment to count them.
sleep 1
kill -TERM "$osc_pid" 2>/dev/null || true
wait "$osc_pid" 2>/dev/null || true

export_exit=0
"${soak_cli[@]}" export "$out/live.msgpack" -f jsonl -o "$out/live.exported.jsonl" 2>"$out/live.export.stderr" || export_exit=$?

stats=$("$soak_python" "$soak_helper" stats "$out/live.stderr")
memory=$("$soak_python" "$soak_helper" rss "$out/live.rss")
readings=$("$soak_python" "$soak_helper" readings "$out/live.jsonl" "$out/live.exported.jsonl" 2>/dev/null || echo '{}')
osc=$(cat "$out/live.osc.json" 2>/dev/null || echo '{}')
"$soak_python" - "$out/live.json" "$seconds" "$live_exit" "$ended_early" "$export_exit" "$stats" "$memory" "$readings" "$osc" <<'EOF'
import json, sys
path, seconds, live_exit, ended_early, export_exit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
stats, memory, readings, osc = (json.loads(a) for a in sys.argv[6:10])
json.dump({"seconds": seconds, "exit": live_exit, "ended_early": bool(ended_early), "export_exit": export_exit,
           "stats": stats, "rss": memory, "readings": readings, "osc": osc}, open(path, "w"), indent=1)
EOF

figure() { "$soak_python" -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, d))" "$out/live.json" "$1"; }
"$soak_python" "$soak_helper" live-summary "$out/live.json"
if [ "${SOAK_SMAPS:-0}" = 1 ]; then
  echo "live: resident memory by mapping, middle of the run -> end (--smaps):"
  "$soak_python" "$soak_helper" smaps-growth "$out/smaps" | tee "$out/live.smaps-growth.json" || true
fi

soak_check "ran the whole ${seconds} s (did not end on its own)" [ "$ended_early" -eq 0 ]
soak_check "exit code 0 after Ctrl+C (was $live_exit)" [ "$live_exit" -eq 0 ]
soak_check "no drops and no ring overruns" [ "$(figure 'stats.get("drops") == 0 and stats.get("overruns") == 0')" = True ]
soak_check "every frame gave a reading" [ "$(figure 'stats.get("frames") is not None and stats.get("frames") == stats.get("readings")')" = True ]
soak_check "the recording exports (exit $export_exit)" [ "$export_exit" -eq 0 ]
soak_check "readings printed == sent over OSC == recorded" \
  [ "$(figure 'readings.get("printed") == osc.get("readings") == readings.get("recorded") == stats.get("readings") and readings.get("printed", 0) > 0')" = True ]
soak_check "the recording is the printed stream, reading for reading" \
  [ "$(figure 'readings.get("first_mismatch") is None and readings.get("sequence_gaps") == 0 and readings.get("first_seq") == 0')" = True ]
exit $((soak_failures > 0 ? 1 : 0))
