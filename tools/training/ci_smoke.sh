#!/usr/bin/env bash
# The training pipeline end to end on a tiny corpus, for CI (a few minutes on two cores):
# synthetic corpus -> features by the C# extractor -> one epoch of a small model of each architecture
# (--arch) -> ONNX + cards -> parity fixtures. The C# tests then load OUT/models/smoke-emotion.onnx (lstm) and
# smoke-ARCH-emotion.onnx and check each against OUT/report/smoke[-ARCH]-emotion.parity.
# Usage: tools/training/ci_smoke.sh [OUT] (default tools/training/out/smoke).
# FEATURES=numpy uses the NumPy reference extractor instead (development only).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here/out/smoke}
python=/usr/bin/python3
rm -rf "$out"
if [ "${FEATURES:-csharp}" = csharp ] && [ -z "${MUSICEMOTION_CLI:-}" ] &&
   [ ! -f "$root/src/MusicEmotion.Cli/bin/Release/net10.0/musicemotion.dll" ]; then
  dotnet build "$root/src/MusicEmotion.Cli" -c Release --nologo -v quiet  # the C# feature extractor
fi
"$python" "$here/generate_corpus.py" "$out/corpus" --tracks 8 --seed 5 --duration 24 --workers 2
"$python" "$here/train_models.py" --dataset "$out/corpus" --out "$out/models" --name smoke \
  --report "$out/report" --cache "$out/features" --features "${FEATURES:-csharp}" \
  --sizes 8x1 --epochs 1 --window 8 --chunk 4 --batch 4 --forecaster-hidden 8 --forecaster-epochs 1 --threads 2
# The other architectures (--arch), one epoch each on the same corpus and features: smoke-ARCH-emotion.onnx,
# its parity fixture in $out/report/smoke-ARCH-emotion.parity.
for arch_size in per-dim-lstm:8x2 cnn-lstm:8x1 paper:20x2; do
  arch=${arch_size%:*}
  "$python" "$here/train_models.py" --arch "$arch" --sizes "${arch_size#*:}" --dataset "$out/corpus" \
    --out "$out/models" --name "smoke-$arch" --report "$out/report/$arch" --parity "$out/report/smoke-$arch-emotion.parity" \
    --cache "$out/features" --features "${FEATURES:-csharp}" --epochs 1 --window 8 --chunk 4 --batch 4 \
    --forecaster-hidden 8 --forecaster-epochs 1 --threads 2
done
echo "smoke: models in $out/models, parity fixtures in $out/report/smoke-*emotion.parity"
