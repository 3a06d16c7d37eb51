"""The additive cue model that turns musical cues into (arousal, valence) labels.

Every cue is expressed on a common scale u in [-1, 1] (the ranges below say what -1 and +1 mean), and

    arousal = sum(w * u for the arousal cues)      valence = sum(w * u for the valence cues)

with weights that add up to 1 per dimension, so both labels stay in [-1, 1] like DEAM's and EmoMusic's.
Directions follow the music-emotion literature (see tools/training/README.md, "The cue model", for the
sources); the weights are this project's choice, ordered by how strongly those studies rank each cue.
The same model labels the synthetic corpus (from the cues it renders) and gives weak labels to real
music (from the cues measured on the audio, with the unmeasurable cues left out and the weights
renormalised).
"""

import dataclasses

import numpy as np


@dataclasses.dataclass(frozen=True)
class Cue:
    name: str
    low: str  # what u = -1 means
    high: str  # what u = +1 means
    arousal: float
    valence: float


CUES = (
    Cue("tempo", "60 BPM", "180 BPM (log scale)", arousal=0.30, valence=0.10),
    Cue("loudness", "-32 dBFS RMS", "-12 dBFS RMS", arousal=0.25, valence=0.0),
    Cue("density", "1 note per 2 beats", "4 notes per beat (log scale)", arousal=0.20, valence=0.0),
    Cue("brightness", "dull (steep harmonic roll-off)", "bright (flat roll-off)", arousal=0.15, valence=0.0),
    Cue("articulation", "legato (notes fill 95 % of their span)", "staccato (20 %)", arousal=0.10, valence=0.0),
    Cue("mode", "Phrygian / minor", "major (Ionian)", arousal=0.0, valence=0.40),
    Cue("consonance", "dissonant (clusters, tritones, detuned beating)", "consonant triads", arousal=0.0,
        valence=0.30),
    Cue("register", "melody around MIDI 52", "melody around MIDI 84", arousal=0.0, valence=0.20),
)
CUE_NAMES = tuple(c.name for c in CUES)

# Diatonic modes ordered from the darkest to the brightest connotation, with the mode cue's value.
MODES = {
    "phrygian": -1.0,
    "aeolian": -0.7,
    "dorian": -0.2,
    "mixolydian": 0.5,
    "ionian": 1.0,
}


def weights(dimension, available=CUE_NAMES):
    """Weights of one dimension ('arousal' or 'valence') over the available cues, renormalised to sum 1."""
    w = np.array([getattr(c, dimension) if c.name in available else 0.0 for c in CUES])
    total = w.sum()
    if total <= 0:
        raise ValueError(f"no {dimension} cue among {sorted(available)}")
    return w / total


def labels(cue_values, available=CUE_NAMES):
    """(arousal, valence) [n, 2] from cue values {name: [n] in [-1, 1]} (missing names must be unavailable)."""
    n = len(next(iter(cue_values.values())))
    u = np.zeros((len(CUES), n))
    for i, cue in enumerate(CUES):
        if cue.name in available:
            u[i] = np.clip(np.asarray(cue_values[cue.name], dtype=np.float64), -1.0, 1.0)
    return np.stack([weights("arousal", available) @ u, weights("valence", available) @ u], axis=1)


def to_unit(value, low, high, log=False):
    """Map a physical value onto u in [-1, 1] (clipped), linearly or on a log scale."""
    value = np.asarray(value, dtype=np.float64)
    if log:
        value, low, high = np.log(np.maximum(value, 1e-12)), np.log(low), np.log(high)
    return np.clip(2.0 * (value - low) / (high - low) - 1.0, -1.0, 1.0)


def from_unit(u, low, high, log=False):
    """Inverse of to_unit."""
    u = np.asarray(u, dtype=np.float64)
    if log:
        return np.exp(np.log(low) + (u + 1.0) / 2.0 * (np.log(high) - np.log(low)))
    return low + (u + 1.0) / 2.0 * (high - low)


TEMPO_BPM = (60.0, 180.0)
LOUDNESS_DB = (-32.0, -12.0)
DENSITY_NOTES_PER_BEAT = (0.5, 4.0)
