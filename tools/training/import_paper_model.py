#!/usr/bin/python3
"""Turn the paper's published weights into models in MusicEmotion's format (ONNX + card).

  tools/training/import_paper_model.py --emotion model_state_dict.pth --predictor predictor_state_dict.pth --out DIR
  tools/training/import_paper_model.py --emotion ../shared/reference/paper_emotion.weights.npz --out DIR

Writes DIR/paper-emotion.onnx/.json (stateless: mel [N,44,128] -> av [N,2]) and
DIR/paper-forecaster.onnx/.json (history [N,10,2] -> next [N,1,2], horizon 1.0 s). Each export is run
back through the NumPy ONNX interpreter and compared with PyTorch before its card is written.
"""

import argparse
import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from musicemotion_training import export, paper  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--emotion", type=pathlib.Path, help="model_state_dict.pth or paper_emotion.weights.npz")
    parser.add_argument("--predictor", type=pathlib.Path, help="predictor_state_dict.pth or paper_predictor.weights.npz")
    parser.add_argument("--out", type=pathlib.Path, required=True, help="folder for the .onnx and .json files")
    parser.add_argument("--name", default="paper", help="file name prefix (default: paper)")
    args = parser.parse_args(argv)
    if args.emotion is None and args.predictor is None:
        parser.error("give --emotion and/or --predictor")
    rng = np.random.default_rng(0)
    try:
        if args.emotion is not None:
            frames = rng.standard_normal((3, 44, 128)).astype(np.float32)
            card = paper.export_emotion(args.emotion, args.out / f"{args.name}-emotion.onnx", frames)
            print(f"{card}: stateless emotion model from {args.emotion}")
        if args.predictor is not None:
            histories = rng.uniform(-0.5, 0.5, (3, 10, 2)).astype(np.float32)
            card = paper.export_predictor(args.predictor, args.out / f"{args.name}-forecaster.onnx", histories)
            print(f"{card}: forecaster (+1.0 s) from {args.predictor}")
    except (OSError, ValueError, export.ExportError) as error:
        print(f"import_paper_model: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
