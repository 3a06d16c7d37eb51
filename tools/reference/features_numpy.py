#!/usr/bin/python3
"""The project's feature contract in plain NumPy: an independent check on the C# extractor.

One model input ("frame") is 0.5 s of 44 100 Hz mono audio (22 050 samples), clip k covering samples
[22050*k, 22050*(k+1)); an incomplete tail is dropped. Each clip becomes what librosa 0.10
``melspectrogram(sr=44100, n_fft=2048, hop_length=512, n_mels=128)`` gives with its defaults
(periodic Hann, center=True with 1024 zeros each side, power |rfft|^2, Slaney mel scale with Slaney
area norm, 0..22050 Hz), then log1p: float32 [128 bands, 44 STFT frames]. The model sees it z-scored
over all 5632 values (unbiased std, ddof=1) and transposed to time-major [44, 128].

Computed in float64 and stored as float32, like ../shared/reference/<track>.logmel.npy (see its
README: max abs difference 1e-5 is the contract's tolerance).

CLI:
  features_numpy.py WAV --out X.npy        write float32 [n_clips, 128, 44] log1p-mel (before z-score)
  features_numpy.py WAV --bench N          time N clips (log-mel + z-score), print the median ms/clip
"""

import argparse
import pathlib
import statistics
import sys
import time

import numpy as np
import scipy.io.wavfile

SAMPLE_RATE = 44_100
CLIP_LENGTH = 22_050
N_FFT = 2048
HOP_LENGTH = 512
N_MELS = 128
STFT_FRAMES = 1 + CLIP_LENGTH // HOP_LENGTH  # 44 with center=True
# A frame whose log-mel values have (almost) no spread carries no information and would divide by ~0;
# the z-score returns zeros for it and flags it silent. Digital silence gives exactly 0.
SILENT_STD = 1e-6


# Slaney's mel scale: linear (200/3 Hz per mel) below 1 kHz, logarithmic (27 mels per factor 6.4) above.
_HZ_PER_MEL = 200.0 / 3.0
_LOG_HZ = 1000.0
_LOG_MEL = _LOG_HZ / _HZ_PER_MEL
_LOG_STEP = np.log(6.4) / 27.0


def hz_to_mel_slaney(hz):
    hz = np.asanyarray(hz, dtype=np.float64)
    return np.where(hz >= _LOG_HZ, _LOG_MEL + np.log(np.maximum(hz, _LOG_HZ) / _LOG_HZ) / _LOG_STEP, hz / _HZ_PER_MEL)


def mel_to_hz_slaney(mel):
    mel = np.asanyarray(mel, dtype=np.float64)
    return np.where(mel >= _LOG_MEL, _LOG_HZ * np.exp(_LOG_STEP * (mel - _LOG_MEL)), _HZ_PER_MEL * mel)


def mel_filterbank(sr=SAMPLE_RATE, n_fft=N_FFT, n_mels=N_MELS, fmin=0.0, fmax=None):
    """float64 [n_mels, n_fft//2+1]: triangles between n_mels+2 mel-spaced edges, Slaney area norm."""
    fmax = sr / 2.0 if fmax is None else fmax
    bin_hz = np.linspace(0.0, sr / 2.0, n_fft // 2 + 1)
    edges_hz = mel_to_hz_slaney(np.linspace(hz_to_mel_slaney(fmin), hz_to_mel_slaney(fmax), n_mels + 2))
    widths = np.diff(edges_hz)
    offsets = edges_hz[:, None] - bin_hz[None, :]
    rising = -offsets[:-2] / widths[:-1, None]
    falling = offsets[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(rising, falling))
    return weights * (2.0 / (edges_hz[2:] - edges_hz[:-2]))[:, None]


_FILTERBANK = mel_filterbank()
_WINDOW = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(N_FFT) / N_FFT)  # periodic Hann


def clip_count(n_samples):
    return n_samples // CLIP_LENGTH


def logmel_clip(clip):
    """float32 [128, 44] log1p-mel of one 22 050-sample clip."""
    clip = np.asarray(clip, dtype=np.float64)
    if clip.shape != (CLIP_LENGTH,):
        raise ValueError(f"a clip must hold {CLIP_LENGTH} samples, got shape {clip.shape}")
    padded = np.pad(clip, N_FFT // 2)
    frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP_LENGTH]
    power = np.abs(np.fft.rfft(frames * _WINDOW, axis=1)) ** 2  # [44, 1025]
    return np.log1p(_FILTERBANK @ power.T).astype(np.float32)


def logmel(samples):
    """float32 [n_clips, 128, 44] for mono 44.1 kHz samples in [-1, 1)."""
    samples = np.asarray(samples)
    if samples.ndim != 1:
        raise ValueError(f"expected mono samples (1-D), got shape {samples.shape}")
    n = clip_count(samples.shape[0])
    out = np.empty((n, N_MELS, STFT_FRAMES), dtype=np.float32)
    for k in range(n):
        out[k] = logmel_clip(samples[k * CLIP_LENGTH:(k + 1) * CLIP_LENGTH])
    return out


def zscore(logmel_clips):
    """Model input from log1p-mel [n, 128, 44]: float32 [n, 44, 128] time-major, and a silent flag [n].

    Each clip is standardised over all its 5632 values with the unbiased std (ddof=1), in float32 as
    torch does; a clip whose std is at most SILENT_STD (or NaN) becomes zeros and is flagged silent."""
    x = np.asarray(logmel_clips, dtype=np.float32)
    if x.ndim == 2:
        x = x[None]
    if x.shape[1:] != (N_MELS, STFT_FRAMES):
        raise ValueError(f"expected log-mel clips [n, {N_MELS}, {STFT_FRAMES}], got {x.shape}")
    flat = x.reshape(x.shape[0], -1)
    mean = flat.mean(axis=1, dtype=np.float32)
    std = flat.std(axis=1, ddof=1, dtype=np.float32)
    silent = ~(std > SILENT_STD)  # also catches NaN: never fed to a model
    safe_std = np.where(silent, np.float32(1.0), std)
    z = (x - mean[:, None, None]) / safe_std[:, None, None]
    z[silent] = 0.0
    return np.ascontiguousarray(z.transpose(0, 2, 1)), silent


def read_wav(path):
    """Mono float32 samples of a 44.1 kHz WAV: int16 / 32768 (the reference's scaling), channels averaged."""
    rate, data = scipy.io.wavfile.read(path)
    if rate != SAMPLE_RATE:
        raise ValueError(f"{path}: sample rate {rate} Hz, expected {SAMPLE_RATE} Hz (resample it first)")
    if data.dtype == np.int16:
        samples = data.astype(np.float32) / np.float32(32768.0)
    elif data.dtype == np.int32:
        samples = (data.astype(np.float64) / 2147483648.0).astype(np.float32)
    elif data.dtype == np.float32:
        samples = data
    else:
        raise ValueError(f"{path}: sample format {data.dtype} not supported, expected 16/32-bit PCM or float32")
    if samples.ndim == 2:
        samples = samples.mean(axis=1, dtype=np.float32)
    return samples


def bench(samples, n_clips):
    """Median milliseconds for one clip's log-mel + z-score, over n_clips clips cycled from the file."""
    available = clip_count(samples.shape[0])
    if available == 0:
        raise ValueError(f"the file is shorter than one clip ({CLIP_LENGTH} samples)")
    times = []
    for i in range(n_clips):
        k = i % available
        clip = samples[k * CLIP_LENGTH:(k + 1) * CLIP_LENGTH]
        start = time.perf_counter()
        zscore(logmel_clip(clip))
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description="NumPy reference of the MusicEmotion log-mel feature contract")
    parser.add_argument("wav", type=pathlib.Path, help="44.1 kHz WAV (16-bit, 32-bit or float; channels averaged)")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--out", type=pathlib.Path, help="write float32 [n_clips, 128, 44] log1p-mel here (.npy)")
    action.add_argument("--bench", type=int, metavar="N", help="time N clips and print the median ms per clip")
    args = parser.parse_args(argv)
    try:
        samples = read_wav(args.wav)
        if args.out is not None:
            np.save(args.out, logmel(samples))
            print(f"{args.out}: {clip_count(samples.shape[0])} clips")
        else:
            if args.bench <= 0:
                raise ValueError(f"--bench needs a positive clip count, got {args.bench}")
            print(f"median {bench(samples, args.bench):.3f} ms/frame over {args.bench} frames (log-mel + z-score)")
    except (OSError, ValueError) as error:
        print(f"features_numpy: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
