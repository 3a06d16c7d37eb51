#!/usr/bin/python3
"""MessagePack peer for the interoperability tests: Python's own msgpack package, independent of ours.

  msgpack_peer.py decode FILE   decode every top-level value in FILE
  msgpack_peer.py encode FILE   write this peer's sample values to FILE

Either way it prints, as one JSON array, a description of each value (decoded, or as it was before
encoding), in the shape the tests build from our reader's values:
  nil -> null, bool -> true/false, integer -> {"int": "decimal"},
  float -> {"float": "16 hex digits of the IEEE 754 double"} ("nan" for any NaN; a float 32 widens exactly),
  str -> {"str": text}, bin -> {"bin": "hex"}, ext -> {"ext": type, "hex": "hex"},
  array -> [values], map -> {"map": [[key, value], ...]} in the order of the data.
"""
import json
import math
import struct
import sys

import msgpack


class Pairs(list):
    """A map as its key/value pairs, in order: keys may be any type, as the specification allows."""


class Ext(tuple):
    """An ext value as read: msgpack.ExtType refuses the type codes -128..-2 the specification reserves."""


def describe(value):
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": "nan" if math.isnan(value) else struct.pack(">d", value).hex()}
    if isinstance(value, str):
        return {"str": value}
    if isinstance(value, (bytes, bytearray)):
        return {"bin": bytes(value).hex()}
    if isinstance(value, (msgpack.ExtType, Ext)):
        code, data = value
        return {"ext": code, "hex": data.hex()}
    if isinstance(value, Pairs):
        return {"map": [[describe(k), describe(v)] for k, v in value]}
    if isinstance(value, dict):
        return {"map": [[describe(k), describe(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [describe(item) for item in value]
    raise TypeError(f"no description for {type(value).__name__}")


def decode(path):
    with open(path, "rb") as f:
        unpacker = msgpack.Unpacker(f, raw=False, strict_map_key=False, object_pairs_hook=Pairs,
                                    ext_hook=lambda code, data: Ext((code, data)),
                                    max_buffer_size=256 * 1024 * 1024)
        return [describe(value) for value in unpacker]


def samples():
    """(value, as float 32?) pairs covering every format msgpack-python writes, at its boundaries."""
    ints = [0, 1, 31, 32, 127, 128, 255, 256, 65535, 65536, 2**31 - 1, 2**32 - 1, 2**32, 2**53 + 1,
            2**63 - 1, 2**63, 2**64 - 1, -1, -31, -32, -33, -127, -128, -129, -32768, -32769,
            -(2**31), -(2**31) - 1, -(2**63)]
    doubles = [0.0, -0.0, 0.1, 1.0, -2.5, math.pi, 1e300, 5e-324, 1.7976931348623157e308,
               math.inf, -math.inf, math.nan]
    singles = [0.0, 1.5, -0.375, 3.4028234663852886e38, math.inf]
    texts = ["", "a", "x" * 31, "x" * 32, "x" * 255, "x" * 256, "y" * 65535, "y" * 65536,
             "é" * 15 + "a", "é" * 16, "日本語テキスト", "🎵" * 8, "🎵 héllo wörld ✓" * 40]
    blobs = [b"", b"\x00", bytes(range(256))[:255], bytes(range(256)), bytes(65535), bytes(65536)]
    # msgpack-python writes only the application type codes, 0..127.
    exts = [msgpack.ExtType(code, bytes(i % 251 for i in range(n)))
            for code, n in [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 0), (7, 3), (127, 17),
                            (8, 255), (9, 256), (42, 65536)]]
    containers = [[], list(range(15)), list(range(16)), [None] * 65535, [True] * 65536,
                  {}, {f"k{i}": i for i in range(15)}, {f"k{i}": i for i in range(16)},
                  {f"key{i}": -i for i in range(65536)},
                  {1: "one", -1: "minus one", 300: [1.5, None]},
                  {"nested": [{"a": [[], {"b": [1, [2, [3, {"c": b"\x01"}]]]}]}]},
                  {"seq": 12, "t": 6.5, "arousal": 0.25, "valence": -0.5, "label": "calm",
                   "forecast": [[0.1, 0.2], [0.3, 0.4]], "flags": 0}]
    values = [(None, False), (True, False), (False, False)]
    values += [(v, False) for v in ints + doubles + texts + blobs + exts + containers]
    values += [(v, True) for v in singles]
    return values


def encode(path):
    double_packer = msgpack.Packer(use_bin_type=True)
    single_packer = msgpack.Packer(use_bin_type=True, use_single_float=True)
    descriptions = []
    with open(path, "wb") as f:
        for value, single in samples():
            f.write((single_packer if single else double_packer).pack(value))
            descriptions.append(describe(value))
    return descriptions


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("decode", "encode"):
        sys.exit("usage: msgpack_peer.py decode|encode FILE")
    action = decode if sys.argv[1] == "decode" else encode
    json.dump(action(sys.argv[2]), sys.stdout)


if __name__ == "__main__":
    main()
