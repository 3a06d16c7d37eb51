#!/usr/bin/env bash
# Long fuzz runs of every parser that takes outside bytes (not part of CI; the test suite runs a short smoke).
#   tools/fuzz/run.sh                      every target, 100 000 inputs each
#   tools/fuzz/run.sh --targets wav,npy --inputs 20000 [--seed N] [--minutes M per target] [--findings DIR]
#   tools/fuzz/run.sh --list               the targets and what each reads
# Prints, per target, the inputs tried, the distinct outcomes, the slowest input and the most allocated; a crash,
# hang or over-allocation is saved as DIR/TARGET/KIND-HASH.bin (default fuzz-findings/) and makes the exit 1.
#
#   tools/fuzz/run.sh --coverage [--targets wav,npy] [--runs N] [--minutes M per target] [--findings DIR]
# Coverage-guided instead: libFuzzer (Debian's clang, installed here if missing) drives each target through
# tools/fuzz/libfuzzer/dotnet-driver.c, over copies of the parser assemblies instrumented by SharpFuzz's tool
# (.config/dotnet-tools.json), for N inputs each (default 100 000), one target at a time. Same targets, seeds and
# oracle as above; the corpus grows in fuzz-corpus/TARGET/. A failing input is saved by libFuzzer as
# DIR/TARGET/crash-SHA1 (or timeout-SHA1), its log (with the .NET exception) beside it as log-TIME.txt.
# Prints, per target, the inputs run, the .NET edges covered, libFuzzer's features, the corpus and the findings.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build tools/fuzz/MusicEmotion.Fuzz/MusicEmotion.Fuzz.csproj -c Release --nologo -v quiet >&2
# Run from a copy (under the ignored bin/), so a build started during a long run cannot replace the assemblies under it.
mkdir -p tools/fuzz/bin
copy="$(mktemp -d -p "$root/tools/fuzz/bin")"  # inside the repository: the targets find it (and models/) from there
trap 'rm -rf "$copy"' EXIT
cp -r tools/fuzz/MusicEmotion.Fuzz/bin/Release/net10.0/. "$copy"
if [ "${1:-}" != "--coverage" ]; then
  dotnet "$copy/MusicEmotion.Fuzz.dll" "$@"
  exit
fi
shift

# The parsers; the server targets (http-analyze, websocket) stay with the structured runs: see README.
targets=(wav onnx msgpack recording npy model-card bench-report profile profile-inline)
runs=100000
seconds=0  # no limit but the inputs
findings=fuzz-findings
while (($#)); do
  case "$1" in
    --targets) IFS=, read -r -a targets <<<"${2:?--targets needs a value}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a value}"; shift 2 ;;
    --minutes) seconds=$(awk -v m="${2:?--minutes needs a value}" 'BEGIN { printf "%d", m * 60 }'); shift 2 ;;
    --findings) findings="${2:?--findings needs a value}"; shift 2 ;;
    *) echo "fuzz: unknown option $1; expected --targets, --runs, --minutes or --findings after --coverage" >&2; exit 2 ;;
  esac
done

# libFuzzer is compiler-rt's, in Debian's clang packages; installed only where missing.
missing=()
for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "fuzz: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
clang -O2 -Wall -Wextra -Werror -fsanitize=fuzzer tools/fuzz/libfuzzer/dotnet-driver.c -o "$copy/dotnet-driver"

# The instrumented copy: every assembly that holds a parser gets SharpFuzz's branch counters. The plain copy
# writes the seeds (instrumented code may only run under the driver, which maps the counters).
dotnet tool restore >&2
instrumented="$copy/instrumented"
cp -r tools/fuzz/MusicEmotion.Fuzz/bin/Release/net10.0/. "$instrumented"
for assembly in Audio Inference Features Outputs Bench Library; do
  dotnet sharpfuzz "$instrumented/MusicEmotion.$assembly.dll" >&2
done

found=0
for target in "${targets[@]}"; do
  corpus="fuzz-corpus/$target"
  dotnet "$copy/MusicEmotion.Fuzz.dll" --seeds "$target" "$corpus" >/dev/null
  mkdir -p "$findings/$target"
  log="$copy/$target.log"
  started=$SECONDS
  # -timeout backs up the oracle's own time bound (2 s) for a parser that never returns; a fixed -seed makes a
  # run repeatable for the same corpus.
  status=0
  nice -n 10 "$copy/dotnet-driver" --dotnet="$instrumented/MusicEmotion.Fuzz.dll" --target="$target" \
    -runs="$runs" -max_total_time="$seconds" -seed=20261204 -timeout=10 -artifact_prefix="$findings/$target/" -print_final_stats=1 \
    "$corpus" >"$log" 2>&1 || status=$?
  inputs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true)
  features=$(sed -E -n 's/.* ft: ([0-9]+).*/\1/p' <<<"$line")
  edges=$(sed -n 's/^dotnet-driver: \([0-9]*\) .NET edges.*/\1/p' "$log")
  echo "$target: ${inputs:-?} inputs in $((SECONDS - started)) s; ${edges:-?} .NET edges, ${features:-?} features;" \
    "corpus $(find "$corpus" -type f | wc -l) files"
  if ((status != 0)); then
    found=$((found + 1))
    cp "$log" "$findings/$target/log-$(date -u +%Y%m%dT%H%M%S).txt"
    echo "  FOUND (libFuzzer exit $status): $(grep -m1 -E 'FuzzFindingException|ALARM|deadly signal|died without' "$log" || tail -1 "$log")"
    ls "$findings/$target" | grep -E '^(crash|timeout|oom)-' | sed 's/^/  saved /'
  fi
done
exit $((found == 0 ? 0 : 1))
