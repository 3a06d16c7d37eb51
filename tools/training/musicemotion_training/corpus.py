"""Writes the synthetic corpus in DEAM's folder layout, so it goes through the same loader as DEAM.

    OUT/MEMD_audio/<id>.wav                                   44.1 kHz mono 16-bit PCM, one per track
    OUT/annotations/annotations averaged per song/dynamic (per second annotations)/arousal.csv, valence.csv
                                                              song_id, sample_15000ms, ... (DEAM's columns)
    OUT/synthetic_cues.csv                                    song_id, time_ms, one column per cue (u in [-1,1])
    OUT/corpus.json                                           seed, sizes, cue model, each track's instruments

The annotation in column sample_<T>ms is the label of the 0.5 s frame that ends at T (see datasets.py).
"""

import concurrent.futures
import csv
import json
import pathlib

import numpy as np
import scipy.io.wavfile

from . import cue_model, datasets, synth

GENERATOR = "musicemotion synthetic corpus v1"


def _render_and_write(args):
    seed, index, duration, audio_dir = args
    song_id = index + 1
    rng = np.random.default_rng(np.random.SeedSequence([seed, index]))
    renderer = synth.TrackRenderer(rng, duration)
    audio, cues = renderer.render()
    pcm = np.clip(np.round(audio.astype(np.float64) * 32768.0), -32768, 32767).astype(np.int16)
    scipy.io.wavfile.write(pathlib.Path(audio_dir) / f"{song_id}.wav", synth.SAMPLE_RATE, pcm)
    info = {"song_id": song_id, "meter": renderer.meter, "root_pitch_class": renderer.root,
            "parts": [p for p, on in renderer.parts.items() if on],
            "timbres": {"melody": renderer.melody_timbre, "chords": renderer.chord_timbre, "bass": renderer.bass_timbre}}
    return song_id, cues, cue_model.labels(cues), info


def generate(out_dir, n_tracks, seed, duration=45.0, workers=1, warmup_seconds=datasets.WARMUP_SECONDS, log=print):
    """Render n_tracks tracks into out_dir (DEAM layout); returns the path of corpus.json."""
    out = pathlib.Path(out_dir)
    layout = datasets.DEAM_LAYOUT
    audio_dir = out / layout.audio_dir
    annotation_dir = out / layout.annotation_dir
    audio_dir.mkdir(parents=True, exist_ok=True)
    annotation_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(seed, i, duration, str(audio_dir)) for i in range(n_tracks)]
    results = []
    if workers > 1:
        with concurrent.futures.ProcessPoolExecutor(workers) as pool:
            for done, result in enumerate(pool.map(_render_and_write, jobs), 1):
                results.append(result)
                if done % 25 == 0 or done == n_tracks:
                    log(f"corpus: {done}/{n_tracks} tracks rendered")
    else:
        for done, job in enumerate(jobs, 1):
            results.append(_render_and_write(job))
            if done % 25 == 0 or done == n_tracks:
                log(f"corpus: {done}/{n_tracks} tracks rendered")

    n_frames = int(duration / synth.FRAME_SECONDS)
    first = int(round(warmup_seconds / synth.FRAME_SECONDS))  # frame ending at warmup + 0.5 s
    end_ms = [int(round((k + 1) * synth.FRAME_SECONDS * 1000)) for k in range(n_frames)]
    columns = [f"sample_{t}ms" for t in end_ms[first - 1:]]
    for dim, name in enumerate(("arousal", "valence")):
        with open(annotation_dir / layout.files[name], "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["song_id", *columns])
            for song_id, _, labels, _ in results:
                writer.writerow([song_id, *(f"{v:.6f}" for v in labels[first - 1:, dim])])
    with open(out / "synthetic_cues.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["song_id", "time_ms", *cue_model.CUE_NAMES])
        for song_id, cues, _, _ in results:
            for k, t in enumerate(end_ms):
                writer.writerow([song_id, t, *(f"{cues[c][k]:.6f}" for c in cue_model.CUE_NAMES)])
    manifest = {
        "generator": GENERATOR,
        "seed": seed,
        "tracks": n_tracks,
        "duration_seconds": duration,
        "sample_rate": synth.SAMPLE_RATE,
        "label_rule": "annotation sample_<T>ms = cue-model label of the 0.5 s frame ending at T ms",
        "cue_model": [{"cue": c.name, "low": c.low, "high": c.high, "arousal_weight": c.arousal,
                       "valence_weight": c.valence} for c in cue_model.CUES],
        "songs": [info for *_, info in results],
    }
    path = out / "corpus.json"
    path.write_text(json.dumps(manifest, indent=1))
    return path
