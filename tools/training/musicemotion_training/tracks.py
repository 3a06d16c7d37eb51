"""Tracks ready for training: every frame's log-mel with its label (NaN where a frame is not annotated)."""

import dataclasses
import pathlib

import numpy as np

from . import datasets, features


@dataclasses.dataclass
class Track:
    song_id: str
    source: str  # dataset name, e.g. "synthetic" or "deam"
    logmel: np.ndarray  # float32 [n, 128, 44], log1p-mel before the z-score (often memory-mapped)
    labels: np.ndarray  # float32 [n, 2] arousal, valence; NaN rows are heard but not scored
    weight: tuple = (1.0, 1.0)  # loss weight of this track's (arousal, valence) labels; weak labels count less
    audio: pathlib.Path = None  # the file the features came from

    @property
    def key(self):
        return f"{self.source}:{self.song_id}"


def prepare(root, cache_dir, extractor=features.DEFAULT_EXTRACTOR, layout=None, source=None, log=print):
    """(tracks, problems) of a DEAM/EmoMusic folder: load annotations, extract features, align labels."""
    layout = datasets.resolve_layout(root, layout)
    songs, problems = datasets.load(root, layout)
    features.extract([s.audio for s in songs], cache_dir, extractor, log)
    source = source or layout.name
    tracks = []
    for song in songs:
        logmel, _ = features.load(cache_dir, song.audio)
        fitted, problem = datasets.fit_to_audio(song, logmel.shape[0])
        if problem is not None:
            problems.append(problem)
        if fitted is None:
            continue
        labels = np.full((logmel.shape[0], 2), np.nan, dtype=np.float32)
        labels[fitted.first_frame:fitted.end_frame] = fitted.labels
        tracks.append(Track(song.song_id, source, logmel, labels, audio=song.audio))
    return tracks, problems
