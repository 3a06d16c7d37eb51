#!/usr/bin/env bash
# Start-up benchmark (see startup.py): whole-process analyze of a 12 s clip and a 7.2-minute track, and the time
# to the first reading of analyze and live --input, for the JIT build and a release executable.
exec python3 "$(dirname "${BASH_SOURCE[0]}")/startup.py" "$@"
