"""Cues measured on audio: loudness, spectral centroid, onset density, tempo, and a major/minor mode score.

Used three ways: the evaluation report shows them beside each track's predictions; the tests check that
the synthetic renderer's cue controls move them the right way; and weak labels for real music come from
them through the cue model (after a calibration on the synthetic corpus, where the true cues are known).

All from one STFT (2048-point periodic Hann, hop 512, centred) of 44.1 kHz mono audio. Per-frame values
describe the 0.5 s frame k = [0.5 k, 0.5 k + 0.5); the rhythmic and tonal ones need context and use a
window centred on the frame (ONSET_WINDOW, TEMPO_WINDOW, MODE_WINDOW seconds).
"""

import numpy as np

SAMPLE_RATE = 44_100
N_FFT = 2048
HOP = 512
FRAME = 22_050
HOPS_PER_SECOND = SAMPLE_RATE / HOP
ONSET_WINDOW = 3.0
TEMPO_WINDOW = 6.0
MODE_WINDOW = 6.0
TEMPO_RANGE_BPM = (50.0, 220.0)

# Krumhansl & Kessler (1982) key profiles, tonic first (probe-tone ratings).
MAJOR_PROFILE = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
MINOR_PROFILE = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


def _stft_power(samples):
    padded = np.pad(np.asarray(samples, dtype=np.float64), N_FFT // 2)
    frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP]
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)
    return np.abs(np.fft.rfft(frames * window, axis=1)) ** 2  # [hops, 1025]


def _onset_envelope(power):
    """Spectral flux of the log spectrum on 1/3-octave-ish bands, half-wave rectified, per hop."""
    freqs = np.fft.rfftfreq(N_FFT, 1.0 / SAMPLE_RATE)
    edges = 40.0 * 2 ** (np.arange(0, 29) / 3.0)  # 40 Hz .. ~20 kHz
    band = np.digitize(freqs, edges)
    bands = np.stack([power[:, band == b].sum(axis=1) for b in range(1, len(edges)) if np.any(band == b)], axis=1)
    log_bands = 10 * np.log10(bands + 1e-10)
    log_bands = np.maximum(log_bands, log_bands.max() - 80.0)
    flux = np.maximum(0.0, np.diff(log_bands, axis=0, prepend=log_bands[:1])).mean(axis=1)
    return flux


def _onsets(envelope):
    """Hop indices of onsets: local maxima (+-46 ms) at least 1 dB of mean band flux above the local mean
    (+-0.5 s), 58 ms apart at least. The threshold is absolute (in dB) so a quiet, smooth recording does
    not turn its small fluctuations into onsets."""
    n = len(envelope)
    if n == 0:
        return np.array([], dtype=np.int64)
    local_max = envelope >= np.lib.stride_tricks.sliding_window_view(np.pad(envelope, 4, constant_values=-np.inf), 9).max(axis=1)
    k = int(0.5 * HOPS_PER_SECOND)
    mean = np.convolve(envelope, np.ones(2 * k + 1) / (2 * k + 1), mode="same")
    kept = []
    for p in np.flatnonzero(local_max & (envelope > mean + 1.0)):
        if not kept or p - kept[-1] >= 5:
            kept.append(p)
    return np.array(kept, dtype=np.int64)


def _tempo(envelope):
    """BPM from the onset envelope's autocorrelation, weighted towards 120 BPM (one octave std)."""
    env = envelope - envelope.mean()
    if not np.any(env):
        return float("nan")
    lags = np.arange(int(HOPS_PER_SECOND * 60 / TEMPO_RANGE_BPM[1]), int(HOPS_PER_SECOND * 60 / TEMPO_RANGE_BPM[0]) + 1)
    lags = lags[lags < len(env) - 1]
    if lags.size == 0:
        return float("nan")
    ac = np.array([np.dot(env[:-lag], env[lag:]) / (len(env) - lag) for lag in lags])
    bpm = 60.0 * HOPS_PER_SECOND / lags
    weighted = ac * np.exp(-0.5 * np.log2(bpm / 120.0) ** 2)
    return float(bpm[int(np.argmax(weighted))])


def _centroid(freqs, power):
    """Spectral centroid of the magnitude spectrum (as librosa's), averaged over the given hops."""
    magnitude = np.sqrt(power).sum(axis=0)
    total = magnitude.sum()
    return float(freqs @ magnitude / total) if total > 0 else float("nan")


CHROMA_FFT = 8192  # 5.4 Hz bins: a semitone is at least one bin from 150 Hz up
CHROMA_HOP = 2048


def _chroma(samples):
    """[hops, 12] pitch-class magnitudes (C = 0) at CHROMA_HOP, from spectral peaks between 150 Hz and 5 kHz.

    Only local maxima count, so a loud low note's window leakage does not spill into its neighbours."""
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(CHROMA_FFT) / CHROMA_FFT)
    padded = np.pad(samples, CHROMA_FFT // 2)
    frames = np.lib.stride_tricks.sliding_window_view(padded, CHROMA_FFT)[::CHROMA_HOP]
    freqs = np.fft.rfftfreq(CHROMA_FFT, 1.0 / SAMPLE_RATE)
    use = (freqs >= 150.0) & (freqs <= 5000.0)
    magnitude = np.abs(np.fft.rfft(frames * window, axis=1))[:, use]
    peak = np.zeros_like(magnitude, dtype=bool)
    peak[:, 1:-1] = (magnitude[:, 1:-1] > magnitude[:, :-2]) & (magnitude[:, 1:-1] >= magnitude[:, 2:])
    magnitude = np.where(peak, magnitude, 0.0)
    pitch_class = np.round(12 * np.log2(freqs[use] / 440.0) + 69).astype(np.int64) % 12
    return np.stack([magnitude[:, pitch_class == pc].sum(axis=1) for pc in range(12)], axis=1)


def _profiles():
    """[24, 12]: the 12 rotations of the major then the minor profile, each standardised (mean 0, std 1)."""
    rows = [np.roll(profile, k) for profile in (MAJOR_PROFILE, MINOR_PROFILE) for k in range(12)]
    rows = np.array(rows)
    return (rows - rows.mean(axis=1, keepdims=True)) / rows.std(axis=1, keepdims=True)


_KEY_PROFILES = _profiles()


def mode_scores(chroma_sums):
    """Best major-key correlation minus best minor-key correlation for each 12-bin chroma row ([n, 12] -> [n]).

    About -1..1; NaN for a row without any pitch content."""
    c = np.atleast_2d(np.asarray(chroma_sums, dtype=np.float64))
    std = c.std(axis=1, keepdims=True)
    z = (c - c.mean(axis=1, keepdims=True)) / np.where(std > 0, std, 1.0)
    r = z @ _KEY_PROFILES.T / 12.0  # Pearson correlation with every key
    out = r[:, :12].max(axis=1) - r[:, 12:].max(axis=1)
    return np.where(std[:, 0] > 0, out, np.nan)


def mode_score(chroma_sum):
    return float(mode_scores(chroma_sum)[0])


def _window(centre_seconds, seconds, rate, length):
    """Slice of a sequence at `rate` per second covering `seconds` centred on centre_seconds, clipped."""
    a = int(max(0.0, (centre_seconds - seconds / 2) * rate))
    b = int(min(length, (centre_seconds + seconds / 2) * rate))
    return slice(a, max(b, a + 1))


def frame_cues(samples):
    """Per 0.5 s frame: loudness_db (RMS, dBFS), centroid_hz, onset_rate (onsets/s), tempo_bpm, mode_score."""
    samples = np.asarray(samples, dtype=np.float64)
    n_frames = len(samples) // FRAME
    power = _stft_power(samples)
    freqs = np.fft.rfftfreq(N_FFT, 1.0 / SAMPLE_RATE)
    envelope = _onset_envelope(power)
    onset_seconds = _onsets(envelope) / HOPS_PER_SECOND
    chroma = _chroma(samples)
    chroma_rate = SAMPLE_RATE / CHROMA_HOP
    chroma_cumulative = np.vstack([np.zeros((1, 12)), np.cumsum(chroma, axis=0)])
    out = {k: np.full(n_frames, np.nan) for k in ("loudness_db", "centroid_hz", "onset_rate", "tempo_bpm")}
    mode_windows = np.zeros((n_frames, 12))
    for k in range(n_frames):
        clip = samples[k * FRAME:(k + 1) * FRAME]
        centre = (k + 0.5) * FRAME / SAMPLE_RATE
        out["loudness_db"][k] = 10 * np.log10(np.mean(clip ** 2) + 1e-12)
        out["centroid_hz"][k] = _centroid(freqs, power[int(k * FRAME / HOP):int((k + 1) * FRAME / HOP)])
        lo, hi = max(0.0, centre - ONSET_WINDOW / 2), min(len(samples) / SAMPLE_RATE, centre + ONSET_WINDOW / 2)
        out["onset_rate"][k] = np.count_nonzero((onset_seconds >= lo) & (onset_seconds < hi)) / (hi - lo)
        out["tempo_bpm"][k] = _tempo(envelope[_window(centre, TEMPO_WINDOW, HOPS_PER_SECOND, len(envelope))])
        w = _window(centre, MODE_WINDOW, chroma_rate, len(chroma))
        mode_windows[k] = chroma_cumulative[w.stop] - chroma_cumulative[w.start]
    out["mode_score"] = mode_scores(mode_windows)
    return out


def track_cues(samples):
    """Whole-excerpt cues: loudness_db, centroid_hz, onset_rate, tempo_bpm, mode_score."""
    samples = np.asarray(samples, dtype=np.float64)
    power = _stft_power(samples)
    freqs = np.fft.rfftfreq(N_FFT, 1.0 / SAMPLE_RATE)
    envelope = _onset_envelope(power)
    return {
        "loudness_db": float(10 * np.log10(np.mean(samples ** 2) + 1e-12)),
        "centroid_hz": _centroid(freqs, power),
        "onset_rate": float(len(_onsets(envelope)) / (len(samples) / SAMPLE_RATE)),
        "tempo_bpm": _tempo(envelope),
        "mode_score": mode_score(_chroma(samples).sum(axis=0)),
    }
