#!/usr/bin/env bash
# The architecture comparison of tools/training/reports/architectures, on a reduced budget (about 40 minutes
# of wall time on a 2-core machine, against 48.7 for the shipped model alone):
#   1. a synthetic corpus of 80 tracks of 30 s (seed 2026; split by song 64/8/8)
#   2. each of --arch lstm, per-dim-lstm, cnn-lstm, paper (default sizes) trained on it with the same seed
#      (4 windows per track and epoch: 16 steps of 16 windows, about as many as an epoch of the shipped run),
#      within TRAIN_MINUTES (default 8) of wall time each, then evaluated (held-out split, reference music)
#   3. `musicemotion bench --model ... --frames 1000` with each model on each engine that runs it
#   4. compare_architectures.py writes the report
# WORK=DIR keeps the corpus, features, models and bench files elsewhere (default tools/training/out/architectures).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${WORK:-$here/out/architectures}
minutes=${TRAIN_MINUTES:-8}
python=/usr/bin/python3
start=$(date +%s)
if [ ! -f "$work/corpus/corpus.json" ]; then
  "$python" "$here/generate_corpus.py" "$work/corpus" --tracks 80 --seed 2026 --duration 30 --workers 2
fi
for arch in lstm per-dim-lstm cnn-lstm paper; do
  "$python" "$here/train_models.py" --arch "$arch" --dataset "$work/corpus" --out "$work/models" --name "arch-$arch" \
    --report "$work/$arch" --cache "$work/features" --epochs 200 --windows-per-track 4 --patience 8 \
    --time-budget "$minutes" \
    --seed 2026 --threads 2
done
mkdir -p "$work/bench"
for arch in lstm per-dim-lstm cnn-lstm paper; do
  for engine in managed onnxruntime; do
    # The managed engine refuses cnn-lstm (Conv): that refusal is a result, not a failure of this script.
    "$root/musicemotion" bench --model "$work/models/arch-$arch-emotion.onnx" --engine "$engine" --frames 1000 \
      --out "$work/bench/$arch-$engine.json" > "$work/bench/$arch-$engine.txt" 2>&1 ||
      echo "train_architectures: $arch on $engine: $(tail -1 "$work/bench/$arch-$engine.txt")"
  done
done
"$python" "$here/compare_architectures.py" --runs "$work" --out "$here/reports/architectures" \
  --note "Budget: ${minutes} minutes of training wall time per architecture (early stopping with patience 8; 16 steps of 16 windows of 32 frames an epoch), one seed, the whole run $(( ($(date +%s) - start) / 60 )) minutes; $(nproc) cores shared with other work, so the wall-time budget bought each architecture a different, smaller share of CPU (both are in the table)."
echo "train_architectures: done in $(( ($(date +%s) - start) / 60 )) min"
