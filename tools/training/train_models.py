#!/usr/bin/python3
"""Train MusicEmotion's emotion model and forecaster, export them (ONNX + card) and write the report.

Retrain from a real corpus (DEAM or EmoMusic layout, detected):
  tools/training/train_models.py --dataset /data/DEAM --out models --name deam

Every dataset folder is split by song (80/10/10); several folders train one model together.
--arch lstm|per-dim-lstm|cnn-lstm|paper picks the emotion model's architecture (default lstm, the shipped one).
Features come from the C# extractor (`musicemotion features`); --features numpy uses the NumPy reference.
The shipped models: tools/training/train_shipped.sh. The CI smoke run: tools/training/ci_smoke.sh.
"""

import argparse
import json
import math
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from musicemotion_training import (augment, datasets, export, features, model, onnx_numpy,  # noqa: E402
                                   pipeline, train)


def options_from(args):
    reference = args.reference or pipeline.default_reference()
    emotion = train.EmotionConfig(
        arch=args.arch, stack=args.stack, dropout=args.dropout, window=args.window, chunk=args.chunk, batch=args.batch, lr=args.lr,
        epochs=args.epochs, patience=args.patience, halve_lr_after=args.halve_lr_after,
        windows_per_track=args.windows_per_track, seed=args.seed,
        threads=args.threads, time_budget_s=args.time_budget * 60 if args.time_budget else math.inf,
        augmentation=augment.Augmentation(probability=0.0 if args.no_augment else 0.8))
    forecast = train.ForecastConfig(hidden=args.forecaster_hidden, epochs=args.forecaster_epochs, seed=args.seed,
                                    threads=args.threads)
    report = args.report or HERE / "out" / args.name
    return pipeline.Options(
        datasets=args.dataset, out=args.out, name=args.name, report=report, cache=args.cache,
        extractor=args.features, sizes=tuple((args.sizes or model.DEFAULT_SIZES.get(args.arch, "32x2")).split(",")), emotion=emotion, forecast=forecast,
        split_seed=args.split_seed, real_music=args.real_music, reference=reference, parity_dir=args.parity,
        development=json.loads(args.development.read_text()) if args.development else None)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", type=pathlib.Path, action="append", required=True,
                        help="a DEAM or EmoMusic folder (or a synthetic corpus); repeat for several")
    parser.add_argument("--real-music", type=pathlib.Path, action="append", default=[],
                        help="a folder of unlabelled music, weakly labelled by the cue model (repeatable)")
    parser.add_argument("--out", type=pathlib.Path, required=True, help="where NAME-emotion/-forecaster .onnx/.json go")
    parser.add_argument("--name", default="musicemotion")
    parser.add_argument("--report", type=pathlib.Path, help="report folder (default tools/training/out/NAME)")
    parser.add_argument("--parity", type=pathlib.Path, help="parity fixture folder (default REPORT/NAME-emotion.parity)")
    parser.add_argument("--cache", type=pathlib.Path, default=HERE / "out" / "features", help="feature cache")
    parser.add_argument("--features", choices=features.EXTRACTORS, default=features.DEFAULT_EXTRACTOR)
    parser.add_argument("--reference", type=pathlib.Path, help="../shared/reference (default: found beside the repo)")
    parser.add_argument("--arch", default="lstm",
                        help=f"emotion model architecture: {', '.join(model.ARCHITECTURES)} (default lstm)")
    parser.add_argument("--sizes", help="emotion model sizes to try, HIDDENxLAYERS[,...] (per dimension for per-dim-lstm, "
                        "per LSTM for paper); default " + ", ".join(f"{a} {s}" for a, s in model.DEFAULT_SIZES.items()))
    parser.add_argument("--stack", type=int, default=1, help="STFT columns per LSTM step (1, 2, 4, 11, 22, 44)")
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--window", type=int, default=32, help="frames per training window")
    parser.add_argument("--chunk", type=int, default=8, help="frames per truncated back-propagation step")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--patience", type=int, default=6, help="epochs without improvement before stopping")
    parser.add_argument("--halve-lr-after", type=int, default=3, help="epochs without improvement before lr /= 2")
    parser.add_argument("--windows-per-track", type=float, default=1.0)
    parser.add_argument("--time-budget", type=float, help="minutes for all emotion-model training together")
    parser.add_argument("--no-augment", action="store_true")
    parser.add_argument("--forecaster-hidden", type=int, default=32)
    parser.add_argument("--forecaster-epochs", type=int, default=40)
    parser.add_argument("--development", type=pathlib.Path,
                        help="JSON summary of earlier development runs, copied into the card and the report")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--split-seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    try:
        options = options_from(args)
        for size in options.sizes:  # bad sizes, or --stack with another architecture, fail before any work
            model.build(options.emotion.arch, *pipeline.parse_size(size), options.emotion.stack, options.emotion.dropout)
        pipeline.run(options)
    except (datasets.DatasetError, features.FeatureError, export.ExportError, onnx_numpy.UnsupportedGraph,
            ValueError, OSError) as error:
        print(f"train_models: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
