#!/usr/bin/env bash
# The ONNX Runtime native library for the ORT engine and its tests (fetched from npm into the user cache).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bash "$here/../fetch-onnxruntime.sh"
