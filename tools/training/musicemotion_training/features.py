"""The one place training gets features: `extract()` writes, per audio file, the project extractor's outputs

    CACHE/<stem>.logmel.npy   float32 [n_frames, 128, 44]  log1p-mel before the z-score (band-major)
    CACHE/<stem>.times.npy    float32 [n_frames]           frame start, seconds

and everything downstream reads those files. The shipped pipeline and the CI smoke run use the C#
extractor (`musicemotion features FILE... --out DIR`), so training and serving compute features with
the same code. The NumPy reference (tools/reference/features_numpy.py) writes the same files for
development and for checking the C# output.
"""

import math
import os
import pathlib
import shlex
import subprocess
import sys
import tempfile

import numpy as np
import scipy.signal
import soundfile

REPO_ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO_ROOT / "tools" / "reference"))

import features_numpy  # noqa: E402

DEFAULT_EXTRACTOR = "csharp"
EXTRACTORS = ("csharp", "numpy")
BATCH = 64  # files per extractor process, to spread its start-up cost


class FeatureError(Exception):
    """Features could not be produced for a file; the message names it and says why."""


def csharp_command():
    """The musicemotion command as a list: $MUSICEMOTION_CLI, else ./musicemotion, else the built CLI
    (src/MusicEmotion.Cli/bin/{Release,Debug}/net10.0/musicemotion.dll run by dotnet)."""
    from_env = os.environ.get("MUSICEMOTION_CLI")
    if from_env:
        return shlex.split(from_env)
    wrapper = REPO_ROOT / "musicemotion"
    if wrapper.is_file() and os.access(wrapper, os.X_OK):
        return [str(wrapper)]
    for config in ("Release", "Debug"):
        dll = REPO_ROOT / "src" / "MusicEmotion.Cli" / "bin" / config / "net10.0" / "musicemotion.dll"
        if dll.is_file():
            return ["dotnet", str(dll)]
    raise FeatureError("the C# extractor was not found: build it (dotnet build src/MusicEmotion.Cli -c Release), "
                       "set MUSICEMOTION_CLI to the musicemotion command, or pass --features numpy")


def paths(cache_dir, audio):
    stem = pathlib.Path(audio).stem
    return pathlib.Path(cache_dir) / f"{stem}.logmel.npy", pathlib.Path(cache_dir) / f"{stem}.times.npy"


def _fresh(cache_dir, audio):
    logmel, times = paths(cache_dir, audio)
    mtime = pathlib.Path(audio).stat().st_mtime
    return logmel.is_file() and times.is_file() and logmel.stat().st_mtime >= mtime


def extract(audio_files, cache_dir, extractor=DEFAULT_EXTRACTOR, log=print):
    """Make sure CACHE has features for every file (stale or missing ones are computed); returns cache_dir.

    Stems must be unique: the cache is keyed by file stem, as the C# command names its outputs."""
    if extractor not in EXTRACTORS:
        raise FeatureError(f"unknown feature extractor {extractor!r}, expected one of {EXTRACTORS}")
    cache_dir = pathlib.Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    audio_files = [pathlib.Path(a) for a in audio_files]
    stems = [a.stem for a in audio_files]
    if len(set(stems)) != len(stems):
        duplicate = next(s for s in stems if stems.count(s) > 1)
        raise FeatureError(f"two audio files share the stem {duplicate!r}; feature files are named by stem")
    todo = [a for a in audio_files if not _fresh(cache_dir, a)]
    if todo:
        log(f"features ({extractor}): {len(todo)} of {len(audio_files)} files to extract into {cache_dir}")
    for start in range(0, len(todo), BATCH):
        batch = todo[start:start + BATCH]
        if extractor == "csharp":
            _extract_csharp(batch, cache_dir)
        else:
            for audio in batch:
                _extract_numpy(audio, cache_dir)
    for audio in audio_files:
        if not _fresh(cache_dir, audio):
            raise FeatureError(f"{audio}: the {extractor} extractor wrote no features for it")
    return cache_dir


def _extract_csharp(batch, cache_dir):
    """One extractor process for the batch; it carries on past a bad file, so failures are per file."""
    command = csharp_command() + ["features", *map(str, batch), "--out", str(cache_dir)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode == 0:
        return
    lines = (result.stderr.strip() or result.stdout.strip()).splitlines()
    failed = [a for a in batch if not _fresh(cache_dir, a)]
    if not failed:
        raise FeatureError(f"{shlex.join(command[:3])} ... failed ({result.returncode}): {lines[-1] if lines else 'no output'}")
    reasons = {a: next((line for line in lines if str(a) in line), lines[-1] if lines else "no output") for a in failed}
    raise FeatureError("; ".join(reasons[a] for a in failed))


def _extract_numpy(audio, cache_dir):
    samples = read_audio(audio)
    logmel = features_numpy.logmel(samples)
    logmel_path, times_path = paths(cache_dir, audio)
    np.save(times_path, (np.arange(len(logmel)) * features_numpy.CLIP_LENGTH / features_numpy.SAMPLE_RATE)
            .astype(np.float32))
    np.save(logmel_path, logmel)


def read_audio(path):
    """Mono float32 44.1 kHz samples: a 44.1 kHz WAV exactly as the reference reads it (int16 / 32768),
    anything else through libsndfile (python3-soundfile: MP3, OGG, Opus, FLAC...) or, failing that, sox;
    channels averaged, other rates resampled by a polyphase filter."""
    path = pathlib.Path(path)
    try:
        return features_numpy.read_wav(path)
    except ValueError:
        pass
    try:
        data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except RuntimeError:
        data, rate = _read_with_sox(path), features_numpy.SAMPLE_RATE
    samples = data.mean(axis=1, dtype=np.float64) if data.ndim == 2 else data.astype(np.float64)
    if rate != features_numpy.SAMPLE_RATE:
        common = math.gcd(int(rate), features_numpy.SAMPLE_RATE)
        samples = scipy.signal.resample_poly(samples, features_numpy.SAMPLE_RATE // common, int(rate) // common)
    return samples.astype(np.float32)


def _read_with_sox(path):
    with tempfile.TemporaryDirectory() as tmp:
        wav = pathlib.Path(tmp) / "decoded.wav"
        result = subprocess.run(["sox", str(path), "-t", "wav", "-r", "44100", "-c", "1", "-b", "16", str(wav)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise FeatureError(f"{path}: neither libsndfile nor sox could decode it: "
                               f"{(result.stderr.strip().splitlines() or ['no message'])[-1]}")
        return features_numpy.read_wav(wav)[:, None]


def load(cache_dir, audio):
    """(logmel float32 [n, 128, 44] memory-mapped, times float32 [n]) of one extracted file, checked."""
    logmel_path, times_path = paths(cache_dir, audio)
    logmel = np.load(logmel_path, mmap_mode="r")
    times = np.load(times_path)
    if logmel.dtype != np.float32 or logmel.ndim != 3 or logmel.shape[1:] != (128, 44):
        raise FeatureError(f"{logmel_path}: expected float32 [n, 128, 44], got {logmel.dtype} {logmel.shape}")
    if times.shape != (logmel.shape[0],):
        raise FeatureError(f"{times_path}: {times.shape[0]} times for {logmel.shape[0]} frames")
    expected = np.arange(len(times)) * 0.5
    if not np.allclose(times, expected, atol=1e-3):
        raise FeatureError(f"{times_path}: frames are not consecutive half seconds from 0")
    return logmel, times


zscore = features_numpy.zscore
