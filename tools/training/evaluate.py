#!/usr/bin/python3
"""Evaluate an exported stateful emotion model (and optionally a forecaster) on a dataset's test split.

  tools/training/evaluate.py --model models/musicemotion-emotion.onnx \\
      [--forecaster models/musicemotion-forecaster.onnx] --dataset DIR [--out REPORT_DIR]

The split is the training command's (by song, --split-seed, default 7), so a model is scored on songs it
never saw. The .onnx files are run by the NumPy interpreter of the project's op set, frame by frame
with the state carried, exactly as the runtime feeds them. Writes report.md, report.json and plots.
"""

import argparse
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from musicemotion_training import datasets, evaluation, features, onnx_numpy, pipeline  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=pathlib.Path, required=True, help="a stateful emotion model .onnx")
    parser.add_argument("--forecaster", type=pathlib.Path, help="a forecaster .onnx ([1,10,2] -> [1,S,2])")
    parser.add_argument("--dataset", type=pathlib.Path, required=True, help="DEAM, EmoMusic or synthetic folder")
    parser.add_argument("--out", type=pathlib.Path, help="report folder (default tools/training/out/eval-MODEL)")
    parser.add_argument("--cache", type=pathlib.Path, default=HERE / "out" / "features")
    parser.add_argument("--features", choices=features.EXTRACTORS, default=features.DEFAULT_EXTRACTOR)
    parser.add_argument("--split-seed", type=int, default=7)
    parser.add_argument("--reference", type=pathlib.Path, help="../shared/reference (default: found beside the repo)")
    args = parser.parse_args(argv)
    out = args.out or HERE / "out" / f"eval-{args.model.stem}"
    reference = args.reference or pipeline.default_reference()
    try:
        by_source = pipeline.load_labelled(pipeline.Options(datasets=[args.dataset], out=out, name=args.model.stem,
                                                            report=out, cache=args.cache, extractor=args.features),
                                           print)
        parts = pipeline.split_sources(by_source, args.split_seed)
        horizon = None
        forecast = None
        if args.forecaster is not None:
            forecast = evaluation.onnx_forecaster(args.forecaster)
            horizon = len(pipeline.read_card(args.forecaster)["horizon_seconds"])
        report = evaluation.evaluate(evaluation.onnx_stateful_predictor(args.model), forecast, parts["train"], parts,
                                     out, reference, horizon or 4, print)
        evaluation.write_json(out / "report.json", report)
        header = [f"# Evaluation: {args.model.name}", "",
                  f"Dataset {args.dataset}: test split of {len(parts['test'])} songs (split seed {args.split_seed}); "
                  f"the mean predictor uses the {len(parts['train'])} training songs' mean label.", ""]
        (out / "report.md").write_text("\n".join(header + evaluation.result_sections(report)))
        print(f"report: {out / 'report.md'}")
    except (datasets.DatasetError, features.FeatureError, onnx_numpy.UnsupportedGraph, ValueError, OSError) as error:
        print(f"evaluate: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
