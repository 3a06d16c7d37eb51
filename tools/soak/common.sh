# Shared by the soak parts (sourced, not run): the built program, a private X display and sound server, the
# processes started here (stopped on any exit), resident-memory sampling and the pass/fail record.
# Everything listens on private sockets and free ports, so a soak never meets the tests or another user's servers.

soak_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# SOAK_DLL runs another copy of the build (a long run that must not see a rebuild of this checkout).
soak_dll=${SOAK_DLL:-$soak_root/src/MusicEmotion.Cli/bin/Release/net10.0/musicemotion.dll}
soak_python=/usr/bin/python3
# The music it plays: the reference data, found as the tests find it.
soak_music=${MUSICEMOTION_REFERENCE:-$soak_root/../shared/reference}/music
soak_helper=$soak_root/tools/soak/soak.py
soak_pids=()

# The program as built by `dotnet build -c Release` (tools/test.sh's `dotnet test -c Release` builds it too).
# A soak never builds: what it measures is the build that was tested.
soak_require_build() {
  if [ ! -f "$soak_dll" ]; then
    echo "soak: $soak_dll is missing: build first (dotnet build MusicEmotion.sln -c Release)" >&2
    exit 2
  fi
}

# The command line that runs the program. SIGINT's default disposition is restored, as a background job inherits
# it ignored and the soak stops the program with SIGINT, as Ctrl+C would; env execs dotnet, so `$!` after
# `"${soak_cli[@]}" ... &` is the program's own process id.
soak_cli=(env --default-signal=INT dotnet "$soak_dll")

# Remembers a process started here, so that soak_cleanup stops it whatever way the script ends.
soak_track() {
  soak_pids+=("$1")
}

# Stops them newest first, so no client outlives the server it talks to (a player its sound server).
soak_cleanup() {
  local i
  for ((i = ${#soak_pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${soak_pids[i]}" 2>/dev/null || true
  done
  sleep 0.5
  for ((i = ${#soak_pids[@]} - 1; i >= 0; i--)); do
    kill -KILL "${soak_pids[i]}" 2>/dev/null || true
  done
  soak_pids=()
  if [ -n "${soak_private:-}" ] && [ -d "$soak_private" ]; then
    rm -rf "$soak_private"
  fi
}

# A folder for sockets and the daemons' homes, removed on exit.
soak_private_folder() {
  soak_private=$(mktemp -d)
}

# A free TCP or UDP port on 127.0.0.1, chosen by the kernel.
soak_free_port() {
  "$soak_python" "$soak_helper" free-port "${1:-tcp}"
}

# Runs COMMAND every 0.2 s until it succeeds; after 30 s says MESSAGE and fails.
soak_wait_until() {
  local message=$1 tries=0
  shift
  until "$@"; do
    tries=$((tries + 1))
    if [ "$tries" -gt 150 ]; then
      echo "soak: $message" >&2
      return 1
    fi
    sleep 0.2
  done
}

# Starts Xvfb on a display number it picks itself (-displayfd), and sets DISPLAY.
soak_start_xvfb() {
  local fd_file=$soak_private/display
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$fd_file" 2>"$soak_private/xvfb.log" &
  soak_track $!
  soak_wait_until "Xvfb did not start in 30 s" test -s "$fd_file" || {
    echo "soak: $(cat "$soak_private/xvfb.log")" >&2
    return 1
  }
  export DISPLAY=":$(head -n 1 "$fd_file")"
}

# Starts a PulseAudio server of the soak's own (private runtime folder, socket and home, a null sink), as the
# tests' PulseAudioServer does, and points PULSE_SERVER at it.
soak_start_pulse() {
  local folder=$soak_private/pulse
  mkdir -p "$folder/home" "$folder/runtime" "$folder/config"
  export PULSE_SERVER=unix:$folder/native
  soak_pulse_sink=musicemotion_soak
  HOME=$folder/home XDG_RUNTIME_DIR=$folder/runtime XDG_CONFIG_HOME=$folder/config PULSE_RUNTIME_PATH=$folder/runtime \
    pulseaudio --daemonize=no -n --exit-idle-time=-1 --disallow-exit --system=false --use-pid-file=no \
      --log-level=error --log-target=stderr \
      "--load=module-native-protocol-unix auth-anonymous=1 socket=$folder/native" \
      "--load=module-null-sink sink_name=$soak_pulse_sink rate=44100" 2>"$soak_private/pulse.log" &
  soak_track $!
  soak_wait_until "PulseAudio did not answer in 30 s" pactl info >/dev/null 2>&1 || {
    echo "soak: $(cat "$soak_private/pulse.log")" >&2
    return 1
  }
}

# Samples PID every SECONDS into FILE as "elapsed_seconds rss_kb load_average cpu_seconds" until the process
# ends: VmRSS from /proc/PID/status, the machine's 1-minute load average, and the CPU time the process used.
soak_sample_rss() {
  local pid=$1 file=$2 every=$3
  (
    local start=$SECONDS ticks
    ticks=$(getconf CLK_TCK)
    while [ -r "/proc/$pid/status" ]; do
      local kb cpu
      kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || break
      # utime and stime are fields 14 and 15 of /proc/PID/stat, after a command name that may hold spaces.
      cpu=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk -v hz="$ticks" '{ printf "%.2f", ($12 + $13) / hz }') || break
      [ -n "$kb" ] && echo "$((SECONDS - start)) $kb $(cut -d ' ' -f 1 /proc/loadavg) $cpu" >>"$file"
      # --smaps: the mapping-by-mapping picture beside each sample, to find what grows (soak.py smaps-growth).
      if [ "${SOAK_SMAPS:-0}" = 1 ]; then
        mkdir -p "$(dirname "$file")/smaps"
        cp "/proc/$pid/smaps" "$(dirname "$file")/smaps/$((SECONDS - start))" 2>/dev/null || true
      fi
      sleep "$every"
    done
  ) &
  soak_track $!
}

# Waits until FILE has a line (the program's first reading), or SECONDS pass; false when it never came.
soak_wait_for_line() {
  local file=$1 seconds=$2 pid=$3
  local deadline=$((SECONDS + seconds))
  until [ -s "$file" ]; do
    if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    sleep 0.2
  done
}

# Pass/fail record: each check prints one line, and a failed one is remembered for the part's exit code.
soak_failures=0
soak_check() {
  local what=$1
  shift
  if "$@"; then
    echo "  ok    $what"
  else
    echo "  FAIL  $what"
    soak_failures=$((soak_failures + 1))
  fi
}
