#!/usr/bin/python3
"""Session-recording peer for the interoperability tests, built on Python's msgpack alone.

  recording_peer.py decode FILE   read a MusicEmotion recording the way any Python script would
  recording_peer.py encode FILE   write a recording from scratch, following only the documented layout

Either way it prints the recording as JSON: {"sessions": [{"header": {...}, "readings": [{...}, ...]}]},
each map with the keys and values as decoded (or as written), so the test compares them with its own.
A session starts at every map that has a "format" key; everything else is a reading of the last session.
"""
import json
import math
import sys

import msgpack

FORMAT = "musicemotion-recording"


def decode(path):
    sessions = []
    with open(path, "rb") as f:
        for value in msgpack.Unpacker(f, raw=False):
            if not isinstance(value, dict):
                raise SystemExit(f"{path}: a top-level value is {type(value).__name__}, not a map")
            if "format" in value:
                if value["format"] != FORMAT or value["version"] != 1:
                    raise SystemExit(f"{path}: unexpected header {value['format']!r} version {value['version']!r}")
                sessions.append({"header": value, "readings": []})
            else:
                check_reading(value)
                sessions[-1]["readings"].append(value)
    return {"sessions": sessions}


def check_reading(reading):
    """The types the documented layout promises, as a consumer relying on it would need them."""
    assert isinstance(reading["seq"], int), reading
    assert isinstance(reading["t"], float) and isinstance(reading["wall"], float), reading
    for key in ("arousal", "valence"):
        assert reading[key] is None or isinstance(reading[key], float), reading
    assert reading["quadrant"] is None or isinstance(reading["quadrant"], str), reading
    assert isinstance(reading["label"], str), reading
    assert all(len(pair) == 2 and all(isinstance(x, float) for x in pair) for pair in reading["forecast"]), reading
    assert all(isinstance(v, float) for v in reading["latency_us"].values()), reading
    assert all(isinstance(flag, str) for flag in reading["flags"]), reading


def sessions_to_write():
    header = {
        "format": FORMAT, "version": 1, "app": "recording_peer.py",
        "model": "python-model", "model_sha256": "ab" * 32,
        "model_signature": {"frames": 44, "bands": 128, "state_layers": 1, "state_hidden": 16},
        "engine": "python", "provider": "cpu", "forecaster": "python-trend", "forecast_history": 10,
        "forecast_s": [0.5, 1.0], "source": "club set, room 2", "source_kind": "capture",
        "sample_rate": 48000, "channels": 2, "start": "2025-11-22T21:30:00.25Z", "frame_s": 0.5,
    }
    readings = []
    for i in range(7):
        arousal, valence = math.sin(i * 0.9) * 0.7, math.cos(i * 0.4) * 0.5
        reading = {
            "seq": i, "t": i * 0.5, "wall": 1763847000.25 + i * 0.5,
            "arousal": arousal, "valence": valence,
            "quadrant": ("active" if arousal >= 0 else "passive") + ("-positive" if valence >= 0 else "-negative"),
            "label": "python-label-%d" % i,
            "forecast": [[arousal + 0.01, valence - 0.01], [arousal + 0.02, valence - 0.02]],
            "latency_us": {"framing": 10.5 + i, "features": 900.25, "inference": 150.0, "publish": 3.0, "end-to-end": 1063.75 + i},
            "rms": 0.125 * i, "peak": 0.25 * i, "flags": ["silence"] if i == 3 else [],
        }
        if i == 5:
            reading.update(arousal=None, valence=None, quadrant=None, label="unknown", forecast=[], flags=["invalid"])
        readings.append(reading)
    second = dict(header, source="second.flac", source_kind="file", forecast_s=[], start="2025-11-22T21:35:00Z")
    return [{"header": header, "readings": readings}, {"header": second, "readings": readings[:2]}]


def encode(path):
    sessions = sessions_to_write()
    with open(path, "wb") as f:
        for session in sessions:
            f.write(msgpack.packb(session["header"]))
            for reading in session["readings"]:
                f.write(msgpack.packb(reading))
    return {"sessions": sessions}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("decode", "encode"):
        sys.exit("usage: recording_peer.py decode|encode FILE")
    action = decode if sys.argv[1] == "decode" else encode
    json.dump(action(sys.argv[2]), sys.stdout)


if __name__ == "__main__":
    main()
