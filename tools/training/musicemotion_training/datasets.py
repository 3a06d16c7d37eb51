"""Loaders for the continuous-annotation corpora (DEAM, EmoMusic / "1000 songs"), labels aligned at 2 Hz.

Both corpora give one row per song, `song_id, sample_15000ms, sample_15500ms, ...`, values in [-1, 1],
one file for arousal and one for valence. Column sample_<T>ms is the mean rating over the half second
that ends at T, so it labels the model frame [T - 0.5 s, T): frame index T / 500 - 1. The first 15 s
are not annotated (the corpora drop them as the raters' warm-up); columns before `warmup_seconds` are
ignored if a file has them. A stateful model still hears those frames, it is only not scored on them.

Bad input, and what happens (every case is reported with the song id):
  - a missing annotation file, a malformed header, a time off the 500 ms grid,
    a song id twice in one file, a non-numeric value       -> DatasetError (the load fails)
  - a song in only one of the arousal / valence files          -> skipped
  - no audio file for an annotated song                         -> skipped
  - NaN / empty value inside the annotated span (a gap)         -> skipped
    (empty cells AFTER a song's last value are DEAM's padding to the longest song, not a gap)
  - arousal and valence annotated over different spans          -> skipped
  - a value outside [-1, 1] (e.g. a 1-9 scale file)             -> skipped
  - audio shorter than its annotations (checked on its frames):
    up to MAX_TRIM_LABELS labels past the end                    -> those labels trimmed
    more                                                         -> skipped
"""

import csv
import dataclasses
import pathlib
import re

import numpy as np

FRAME_SECONDS = 0.5
FRAME_MS = 500
WARMUP_SECONDS = 15.0
MAX_TRIM_LABELS = 2  # decoders differ by a few hundred ms at a file's end; more than 1 s is a wrong file
AUDIO_EXTENSIONS = (".mp3", ".wav", ".flac", ".ogg")


class DatasetError(Exception):
    """A dataset folder that cannot be read as the stated layout; the message names the file and the fault."""


@dataclasses.dataclass(frozen=True)
class Layout:
    name: str
    audio_dir: str
    annotation_dir: str
    files: dict

    def annotation_path(self, root, dimension):
        return pathlib.Path(root) / self.annotation_dir / self.files[dimension]


DEAM_LAYOUT = Layout("deam", "MEMD_audio",
                     "annotations/annotations averaged per song/dynamic (per second annotations)",
                     {"arousal": "arousal.csv", "valence": "valence.csv"})
EMOMUSIC_LAYOUT = Layout("emomusic", "clips_45seconds", "annotations",
                         {"arousal": "arousal_cont_average.csv", "valence": "valence_cont_average.csv"})
LAYOUTS = {layout.name: layout for layout in (DEAM_LAYOUT, EMOMUSIC_LAYOUT)}


@dataclasses.dataclass
class Song:
    song_id: str
    audio: pathlib.Path
    first_frame: int  # labels[i] belongs to frame first_frame + i
    labels: np.ndarray  # float32 [n, 2]: arousal, valence

    @property
    def end_frame(self):
        return self.first_frame + len(self.labels)


@dataclasses.dataclass(frozen=True)
class Problem:
    song_id: str
    what: str
    action: str  # "skipped" or "trimmed"

    def __str__(self):
        return f"song {self.song_id}: {self.what} ({self.action})"


def detect_layout(root):
    """The layout whose annotation files exist under root, or DatasetError listing what was looked for."""
    root = pathlib.Path(root)
    for layout in LAYOUTS.values():
        if layout.annotation_path(root, "arousal").is_file():
            return layout
    expected = "; ".join(str(layout.annotation_path(root, "arousal")) for layout in LAYOUTS.values())
    raise DatasetError(f"{root}: no DEAM or EmoMusic annotations found (looked for {expected})")


def resolve_layout(root, layout=None):
    """A Layout from None (detect), a name ("deam", "emomusic") or a Layout."""
    if layout is None:
        return detect_layout(root)
    if isinstance(layout, Layout):
        return layout
    if layout not in LAYOUTS:
        raise DatasetError(f"unknown layout {layout!r}, expected one of {sorted(LAYOUTS)}")
    return LAYOUTS[layout]


_COLUMN = re.compile(r"^sample_(\d+)ms$")


def read_annotation_file(path, warmup_seconds=WARMUP_SECONDS):
    """{song_id: (frame index of each kept column [m], values float64 [m] with NaN for empty)}."""
    path = pathlib.Path(path)
    if not path.is_file():
        raise DatasetError(f"{path}: annotation file not found")
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if not rows or not rows[0] or rows[0][0].strip().strip('"') != "song_id":
        raise DatasetError(f"{path}: expected a header starting with 'song_id'")
    frames, keep = [], []
    for i, name in enumerate(rows[0][1:], 1):
        match = _COLUMN.match(name.strip().strip('"'))
        if not match:
            raise DatasetError(f"{path}: column {i + 1} is {name!r}, expected sample_<milliseconds>ms")
        ms = int(match.group(1))
        if ms % FRAME_MS:
            raise DatasetError(f"{path}: column {name} is not on the {FRAME_MS} ms grid")
        if ms >= warmup_seconds * 1000:
            frames.append(ms // FRAME_MS - 1)
            keep.append(i)
    if len(set(frames)) != len(frames):
        raise DatasetError(f"{path}: a time column appears twice")
    frames = np.array(frames, dtype=np.int64)
    songs = {}
    for line, row in enumerate(rows[1:], 2):
        if not row or all(not cell.strip() for cell in row):
            continue
        song_id = row[0].strip().strip('"')
        if song_id in songs:
            raise DatasetError(f"{path}: song {song_id} appears twice (line {line})")
        values = np.full(len(keep), np.nan)
        for j, column in enumerate(keep):
            cell = row[column].strip() if column < len(row) else ""
            if cell and cell.lower() != "nan":
                try:
                    values[j] = float(cell)
                except ValueError:
                    raise DatasetError(f"{path}: song {song_id}, column {rows[0][column]}: {cell!r} is not a number") from None
        songs[song_id] = (frames, values)
    return songs


def _annotated_span(frames, values, song_id, dimension, problems):
    """(frames, values) of the annotated span, or None with a Problem when there is a gap or nothing."""
    valid = ~np.isnan(values)
    if not valid.any():
        problems.append(Problem(song_id, f"no {dimension} annotation", "skipped"))
        return None
    last = int(np.flatnonzero(valid)[-1])
    gaps = np.flatnonzero(~valid[:last + 1])
    if gaps.size:
        problems.append(Problem(song_id, f"{dimension} is NaN/empty at sample_{(frames[gaps[0]] + 1) * FRAME_MS}ms, "
                                         "inside the annotated span", "skipped"))
        return None
    span_frames, span_values = frames[:last + 1], values[:last + 1]
    if np.any(np.diff(span_frames) != 1):
        problems.append(Problem(song_id, f"{dimension} columns are not consecutive half seconds", "skipped"))
        return None
    if np.any(np.abs(span_values) > 1.0):
        bad = float(span_values[np.argmax(np.abs(span_values))])
        problems.append(Problem(song_id, f"{dimension} value {bad:g} outside [-1, 1]", "skipped"))
        return None
    return span_frames, span_values


def find_audio(audio_dir, song_id):
    for ext in AUDIO_EXTENSIONS:
        path = pathlib.Path(audio_dir) / f"{song_id}{ext}"
        if path.is_file():
            return path
    return None


def load(root, layout=None, warmup_seconds=WARMUP_SECONDS):
    """(songs sorted by id, problems) from a DEAM or EmoMusic folder (layout detected when None)."""
    root = pathlib.Path(root)
    layout = resolve_layout(root, layout)
    arousal = read_annotation_file(layout.annotation_path(root, "arousal"), warmup_seconds)
    valence = read_annotation_file(layout.annotation_path(root, "valence"), warmup_seconds)
    problems, songs = [], []
    for song_id in sorted(set(arousal) ^ set(valence), key=_id_order):
        present, absent = ("arousal", "valence") if song_id in arousal else ("valence", "arousal")
        problems.append(Problem(song_id, f"in the {present} file but not in the {absent} file", "skipped"))
    audio_dir = root / layout.audio_dir
    for song_id in sorted(set(arousal) & set(valence), key=_id_order):
        a = _annotated_span(*arousal[song_id], song_id, "arousal", problems)
        v = _annotated_span(*valence[song_id], song_id, "valence", problems)
        if a is None or v is None:
            continue
        if not np.array_equal(a[0], v[0]):
            problems.append(Problem(song_id, f"arousal annotated over frames {a[0][0]}..{a[0][-1]} but valence over "
                                             f"{v[0][0]}..{v[0][-1]}", "skipped"))
            continue
        audio = find_audio(audio_dir, song_id)
        if audio is None:
            problems.append(Problem(song_id, f"no audio file {audio_dir / song_id}{{{','.join(AUDIO_EXTENSIONS)}}}",
                                    "skipped"))
            continue
        labels = np.stack([a[1], v[1]], axis=1).astype(np.float32)
        songs.append(Song(song_id, audio, int(a[0][0]), labels))
    return songs, problems


def fit_to_audio(song, n_frames):
    """The song with labels limited to its n_frames of audio, or a Problem when too much audio is missing."""
    missing = song.end_frame - n_frames
    if missing <= 0:
        return song, None
    what = (f"audio has {n_frames} frames ({n_frames * FRAME_SECONDS:.1f} s) but annotations run to "
            f"{song.end_frame * FRAME_SECONDS:.1f} s")
    if missing > MAX_TRIM_LABELS or n_frames <= song.first_frame:
        return None, Problem(song.song_id, what, "skipped")
    trimmed = dataclasses.replace(song, labels=song.labels[:n_frames - song.first_frame])
    return trimmed, Problem(song.song_id, what + f"; last {missing} label(s) dropped", "trimmed")


def split(song_ids, seed, fractions=(0.8, 0.1, 0.1)):
    """Song-level split {train, validation, test}: a song's frames never land in two splits."""
    ids = sorted(song_ids, key=_id_order)
    order = np.random.default_rng(seed).permutation(len(ids))
    def count(fraction):  # a part asked for gets at least one song once there are three to share
        return max(1, int(round(fraction * len(ids)))) if fraction > 0 and len(ids) >= 3 else 0
    n_val, n_test = count(fractions[1]), count(fractions[2])
    shuffled = [ids[i] for i in order]
    return {"test": sorted(shuffled[:n_test], key=_id_order),
            "validation": sorted(shuffled[n_test:n_test + n_val], key=_id_order),
            "train": sorted(shuffled[n_test + n_val:], key=_id_order)}


def _id_order(song_id):
    return (0, int(song_id), "") if song_id.isdigit() else (1, 0, song_id)
