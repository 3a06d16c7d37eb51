#!/usr/bin/python3
"""Render the cue-labelled synthetic corpus in DEAM's layout (deterministic from --seed).

  tools/training/generate_corpus.py OUT --tracks 300 --seed 1 [--duration 45] [--warmup 15] [--workers 2]
"""

import argparse
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from musicemotion_training import corpus  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=pathlib.Path, help="output folder (DEAM layout)")
    parser.add_argument("--tracks", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=45.0, help="seconds per track (the first 15 s are unlabelled)")
    parser.add_argument("--warmup", type=float, default=15.0,
                        help="unlabelled seconds at the start of each track (15 as in DEAM)")
    parser.add_argument("--workers", type=int, default=1, help="processes rendering in parallel")
    args = parser.parse_args(argv)
    if args.tracks <= 0 or args.warmup < 0.5 or args.duration <= args.warmup + 1.0:
        parser.error("need --tracks > 0, --warmup >= 0.5 s and --duration > warm-up + 1 s of labelled frames")
    start = time.monotonic()
    path = corpus.generate(args.out, args.tracks, args.seed, args.duration, args.workers, warmup_seconds=args.warmup)
    print(f"{path}: {args.tracks} tracks in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
