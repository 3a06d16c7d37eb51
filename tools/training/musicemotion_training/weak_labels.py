"""Weak labels for real, unannotated music from the cue model, via cues measured on the audio.

Five cues can be measured on any recording (measure.frame_cues): tempo, loudness, note density (onset
rate), brightness (spectral centroid) and mode (Krumhansl-Kessler major/minor score). Each measured
value is mapped onto the cue's u scale by a straight line fitted on the synthetic corpus, where the
true u of every frame is known (so the fit also says how well each cue can be measured: its r). The
cue model then gives arousal from the four measurable arousal cues and valence from mode and tempo,
with the weights renormalised (cue_model.weights). Articulation, consonance and register are not
measured: the weak labels are deliberately coarse, smoothed over 2 s, and count less in the loss
(WEIGHT, per dimension).
"""

import concurrent.futures
import csv
import json
import pathlib

import numpy as np

from . import cue_model, features, measure, tracks as tracks_mod

MEASURED = {  # measured cue -> (cue of the model, transform applied before the straight-line fit)
    "tempo_bpm": ("tempo", np.log),
    "loudness_db": ("loudness", lambda x: x),
    "onset_rate": ("density", lambda x: np.log(np.maximum(x, 0.1))),
    "centroid_hz": ("brightness", np.log),
    "mode_score": ("mode", lambda x: x),
}
AVAILABLE = tuple(cue for cue, _ in MEASURED.values())
AUDIO_SUFFIXES = (".ogg", ".opus", ".mp3", ".flac", ".wav")
# Loss weights of weak (arousal, valence) labels. On synthetic validation songs the weak arousal agrees
# with the true label at r ~ 0.9 (loudness, tempo and onsets measure well), the weak valence only at
# r ~ 0.2 (the mode score is a rough cue and consonance and register are not measured), so valence
# counts three times less.
WEIGHT = (0.3, 0.1)
SMOOTH_FRAMES = 4


def synthetic_frame_cues(corpus_root):
    """{song_id: {cue: [n_frames]}} from a synthetic corpus's synthetic_cues.csv."""
    out = {}
    with open(pathlib.Path(corpus_root) / "synthetic_cues.csv", newline="") as f:
        for row in csv.DictReader(f):
            song = out.setdefault(row["song_id"], {c: [] for c in cue_model.CUE_NAMES})
            for c in cue_model.CUE_NAMES:
                song[c].append(float(row[c]))
    return {k: {c: np.array(v) for c, v in cues.items()} for k, cues in out.items()}


def calibrate(corpus_root, song_ids, log=print):
    """{measured cue: {"slope", "intercept", "r"}} fitted on the given synthetic songs."""
    truth = synthetic_frame_cues(corpus_root)
    xs = {m: [] for m in MEASURED}
    ys = {m: [] for m in MEASURED}
    audio_dir = pathlib.Path(corpus_root) / "MEMD_audio"
    for song_id in song_ids:
        measured = measure.frame_cues(features.read_audio(audio_dir / f"{song_id}.wav"))
        for name, (cue, transform) in MEASURED.items():
            n = min(len(measured[name]), len(truth[song_id][cue]))
            x, y = transform(measured[name][:n]), truth[song_id][cue][:n]
            keep = np.isfinite(x)
            xs[name].append(x[keep])
            ys[name].append(y[keep])
    fit = {}
    for name in MEASURED:
        x, y = np.concatenate(xs[name]), np.concatenate(ys[name])
        slope, intercept = np.polyfit(x, y, 1)
        fit[name] = {"slope": float(slope), "intercept": float(intercept), "r": float(np.corrcoef(x, y)[0, 1])}
        log(f"weak labels: {name} -> u_{MEASURED[name][0]}: r = {fit[name]['r']:.3f} over {len(x)} frames")
    return fit


def labels_from_audio(samples, fit):
    """Weak (arousal, valence) [n_frames, 2] of mono 44.1 kHz samples."""
    measured = measure.frame_cues(samples)
    u = {}
    for name, (cue, transform) in MEASURED.items():
        x = transform(measured[name])
        x = np.where(np.isfinite(x), x, np.nanmedian(x) if np.isfinite(x).any() else 0.0)
        u[cue] = np.clip(fit[name]["intercept"] + fit[name]["slope"] * x, -1, 1)
    labels = cue_model.labels(u, available=AVAILABLE)
    kernel = np.ones(SMOOTH_FRAMES) / SMOOTH_FRAMES
    padded = np.pad(labels, ((SMOOTH_FRAMES // 2, SMOOTH_FRAMES - 1 - SMOOTH_FRAMES // 2), (0, 0)), mode="edge")
    return np.stack([np.convolve(padded[:, d], kernel, mode="valid") for d in range(2)], axis=1).astype(np.float32)


def find_music(folders):
    """Audio files under the folders, sorted; wesnoth's music is refused (it is the evaluation music)."""
    files = []
    for folder in folders:
        folder = pathlib.Path(folder)
        if "wesnoth" in str(folder.resolve()).lower():
            raise ValueError(f"{folder}: Wesnoth music is the evaluation music and never used for training")
        files.extend(p for p in folder.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file())
    return sorted(files)


def assess(corpus_root, song_ids, fit):
    """How close weak labels come to the true labels on synthetic songs: metrics.report over their frames."""
    from . import datasets, metrics
    songs = {s.song_id: s for s in datasets.load(corpus_root)[0]}
    preds, trues = [], []
    for song_id in song_ids:
        song = songs[song_id]
        weak = labels_from_audio(features.read_audio(song.audio), fit)
        preds.append(weak[song.first_frame:song.end_frame])
        trues.append(song.labels[:len(preds[-1])])
    return metrics.report(np.concatenate(preds), np.concatenate(trues))


def _label_file(job):
    link, label_path, fit = job
    np.save(label_path, labels_from_audio(features.read_audio(link), fit))


def prepare(folders, cache_root, extractor, corpus_root, calibration_ids, log=print, workers=2):
    """Weakly labelled Tracks for every audio file under the folders; the cue calibration is fitted on
    the synthetic corpus's calibration_ids (training songs) and cached with the labels."""
    files = find_music(folders)
    if not files:
        raise ValueError(f"no audio files ({', '.join(AUDIO_SUFFIXES)}) under {', '.join(map(str, folders))}")
    cache = pathlib.Path(cache_root) / extractor / "real-music"
    # The feature cache is keyed by file stem: link each file under "<parent folder>-<stem>".
    links = cache / "audio"
    links.mkdir(parents=True, exist_ok=True)
    linked = []
    for path in files:
        link = links / f"{path.parent.name}-{path.stem}{path.suffix}"
        if not link.exists():
            link.symlink_to(path.resolve())
        linked.append(link)
    features.extract(linked, cache, extractor, log)
    fit_path = cache / "calibration.json"
    if fit_path.is_file():
        fit = json.loads(fit_path.read_text())
    else:
        fit = calibrate(corpus_root, calibration_ids, log)
        fit_path.write_text(json.dumps(fit, indent=1))
    todo = [(link, cache / f"{link.stem}.weak.npy", fit) for link in linked
            if not (cache / f"{link.stem}.weak.npy").is_file()]
    if todo:
        log(f"weak labels: measuring cues of {len(todo)} files ({workers} processes)")
        with concurrent.futures.ProcessPoolExecutor(workers) as pool:
            list(pool.map(_label_file, todo))
    out = []
    for link in linked:
        logmel, _ = features.load(cache, link)
        labels = np.load(cache / f"{link.stem}.weak.npy")
        n = min(len(labels), logmel.shape[0])
        out.append(tracks_mod.Track(link.stem, "real-music", logmel[:n], labels[:n], weight=WEIGHT, audio=link))
    log(f"weak labels: {len(out)} real tracks, {sum(len(t.labels) for t in out)} frames, weight {WEIGHT}")
    return out, fit
