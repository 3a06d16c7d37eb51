"""Checks .onnx files with the onnx package's own checker (full check, with shape inference).

usage: onnx_check_model.py MODEL.onnx...   exits non-zero with the checker's message on the first bad file.
"""
import sys

import onnx

for path in sys.argv[1:]:
    onnx.checker.check_model(onnx.load(path), full_check=True)
    print(f"{path}: ok")
