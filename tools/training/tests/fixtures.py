"""Tiny dataset folders in the exact DEAM / EmoMusic layouts, written into a temporary folder by the tests."""

import csv
import pathlib
import subprocess

import numpy as np
import scipy.io.wavfile

import support  # noqa: F401
from musicemotion_training import datasets


def columns(first_ms=15000, count=5):
    return [f"sample_{first_ms + 500 * i}ms" for i in range(count)]


def write_annotations(root, layout, dimension, header, rows):
    path = layout.annotation_path(root, dimension)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["song_id", *header])
        writer.writerows(rows)
    return path


def write_audio(root, layout, song_id, seconds, ext=".wav", seed=0):
    """Noise with a slow level change (so frames differ), 44.1 kHz mono, as WAV or (via sox) MP3."""
    folder = pathlib.Path(root) / layout.audio_dir
    folder.mkdir(parents=True, exist_ok=True)
    n = int(seconds * 44100)
    rng = np.random.default_rng(seed)
    samples = rng.uniform(-0.3, 0.3, n) * (0.5 + 0.5 * np.sin(np.arange(n) / 44100.0))
    pcm = np.round(samples * 32767).astype(np.int16)
    wav = folder / f"{song_id}.wav"
    scipy.io.wavfile.write(wav, 44100, pcm)
    if ext == ".wav":
        return wav
    out = folder / f"{song_id}{ext}"
    subprocess.run(["sox", str(wav), str(out)], check=True, capture_output=True)
    wav.unlink()
    return out


def deam_with_every_fault(root):
    """A DEAM folder with one good song and one of each bad-input case (see test_datasets.py)."""
    layout = datasets.DEAM_LAYOUT
    header = columns()
    good = ["0.1", "0.2", "0.3", "0.2", "0.1"]
    arousal = [
        ["10", *good],
        ["11", "0.5", "0.4", "0.3", "", ""],        # DEAM pads shorter songs with empty cells: fine
        ["12", "0.1", "", "0.3", "0.2", "0.1"],    # a gap inside the annotated span
        ["13", *good],                              # no audio file
        ["14", *good],                              # missing from valence.csv
        ["15", *good],                              # audio 16.0 s: the last 2 labels have no audio
        ["16", *good],                              # audio 15.2 s: far too short
        ["17", "0.1", "5.0", "0.3", "0.2", "0.1"],  # a value outside [-1, 1]
        ["18", "NaN", "NaN", "NaN", "NaN", "NaN"],  # nothing annotated
    ]
    valence = [[row[0], "-0.1", "-0.2", "-0.3", "-0.2", "-0.1"] for row in arousal if row[0] != "14"]
    valence[1] = ["11", "-0.5", "-0.4", "-0.3", "", ""]
    valence.append(["19", *good])                   # missing from arousal.csv
    write_annotations(root, layout, "arousal", header, arousal)
    write_annotations(root, layout, "valence", header, valence)
    for song_id, seconds in (("10", 17.5), ("11", 17.5), ("12", 17.5), ("14", 17.5), ("15", 16.0), ("16", 15.2),
                             ("17", 17.5), ("18", 17.5), ("19", 17.5)):
        write_audio(root, layout, song_id, seconds, seed=int(song_id))
    return layout
