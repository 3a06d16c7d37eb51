#!/usr/bin/env bash
# Trains the shipped models from scratch into models/ (musicemotion-emotion and -forecaster, .onnx + .json),
# with the report in tools/training/reports/musicemotion and the C# parity fixture in
# tools/training/parity/musicemotion-emotion. Budget: under 60 minutes on a 2-core machine.
#   1. render the synthetic corpus (300 tracks of 45 s, seed 2026)
#   2. features of it and of the free game music below, by the C# extractor (musicemotion features)
#   3. weak labels for the game music; the emotion model (32x2, the size the development runs in
#      reports/development.json chose) trained within a 42-minute budget; the forecaster
#   4. evaluation, export, cards, report
# Needs the music packages (about 140 MB): apt-get install -y warzone2100-music extremetuxracer-data asc-music
# WORK=DIR keeps the corpus and the feature cache elsewhere (default tools/training/out/shipped).
# FEATURES=numpy uses the NumPy reference extractor instead of the C# one (development only).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${WORK:-$here/out/shipped}
python=/usr/bin/python3
music=(/usr/share/games/warzone2100/music /usr/share/games/etr/music /usr/share/games/asc/music)
for folder in "${music[@]}"; do
  if [ ! -d "$folder" ]; then
    echo "train_shipped: $folder is missing; install the free game music first:" >&2
    echo "  apt-get install -y warzone2100-music extremetuxracer-data asc-music" >&2
    exit 1
  fi
done
if [ "${FEATURES:-csharp}" = csharp ] && [ -z "${MUSICEMOTION_CLI:-}" ] &&
   [ ! -f "$root/src/MusicEmotion.Cli/bin/Release/net10.0/musicemotion.dll" ]; then
  dotnet build "$root/src/MusicEmotion.Cli" -c Release --nologo -v quiet  # the C# feature extractor
fi
start=$(date +%s)
if [ ! -f "$work/corpus/corpus.json" ]; then
  "$python" "$here/generate_corpus.py" "$work/corpus" --tracks 300 --seed 2026 --workers 2
fi
real_music=()
for folder in "${music[@]}"; do real_music+=(--real-music "$folder"); done
"$python" "$here/train_models.py" --dataset "$work/corpus" "${real_music[@]}" \
  --out "$root/models" --name musicemotion --report "$here/reports/musicemotion" \
  --parity "$here/parity/musicemotion-emotion" --cache "$work/features" --features "${FEATURES:-csharp}" \
  --sizes 32x2 --stack 1 --epochs 80 --patience 10 --time-budget 42 --seed 2026 --threads 2 \
  --development "$here/reports/development.json"
echo "train_shipped: done in $(( ($(date +%s) - start) / 60 )) min"
