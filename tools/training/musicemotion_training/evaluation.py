"""The evaluation report: held-out metrics against baselines, the forecaster against its baselines, the
reference music side by side with the paper model and measured cues, and plots.

A predictor here is any callable logmel [n, 128, 44] -> av [n, 2] that starts from a reset state.
"""

import json
import pathlib

import numpy as np
import torch

from . import export, features, measure, metrics, onnx_numpy, paper, train

REFERENCE_TRACKS = ("frantic", "knalgan_theme", "traveling_minstrels", "love_theme", "sad", "underground")


# -- predictors ------------------------------------------------------------------------------------

def torch_predictor(net):
    return lambda logmel: train.predict(net, logmel)[0]


def onnx_stateful_predictor(path):
    """Runs a stateful NAME.onnx frame by frame (NumPy interpreter), state carried from zero."""
    graph = onnx_numpy.Graph(path)
    shape = [d.dim_value for d in next(i for i in graph.model.graph.input if i.name == "h_in").type.tensor_type.shape.dim]

    def run(logmel):
        h, c = np.zeros(shape), np.zeros(shape)
        out = []
        for frame in train.model_input(logmel):
            result = graph.run({"mel": frame[None], "h_in": h, "c_in": c})
            h, c = result["h_out"], result["c_out"]
            out.append(result["av"][0])
        return np.array(out, dtype=np.float32)
    return run


def paper_predictor(weights):
    net = paper.emotion_model(weights)

    def run(logmel):
        with torch.no_grad():
            return net(torch.from_numpy(train.model_input(logmel))).numpy()
    return run


def constant_predictor(value):
    value = np.asarray(value, dtype=np.float32)
    return lambda logmel: np.repeat(value[None], len(logmel), axis=0)


# -- sections --------------------------------------------------------------------------------------

def held_out(predictors, tracks):
    """{name: metrics.report} over the labelled frames of the tracks, each predictor from a reset state."""
    labels = np.concatenate([t.labels for t in tracks])
    out, trajectories = {}, {}
    for name, predict in predictors.items():
        preds = [predict(t.logmel) for t in tracks]
        trajectories[name] = preds
        out[name] = metrics.report(np.concatenate(preds), labels)
    return out, trajectories


def carried_state(predict, tracks, count=8):
    """Metrics when `count` held-out tracks play back to back with the state never reset (a live set)."""
    chosen = tracks[:count]
    logmel = np.concatenate([np.asarray(t.logmel) for t in chosen])
    labels = np.concatenate([t.labels for t in chosen])
    report = metrics.report(predict(logmel), labels)
    report["tracks"] = len(chosen)
    return report


def onnx_forecaster(path):
    """histories [m, 10, 2] -> [m, S, 2] through a forecaster .onnx (one window at a time, as at run time)."""
    graph = onnx_numpy.Graph(path)
    return lambda histories: np.stack([graph.run({"history": h[None]})["next"][0] for h in histories])


def forecasts(forecast, sequences, paper_predictor_net=None, horizon=4):
    """RMSE per horizon step over every ten-reading window of the sequences: ours and the baselines.

    forecast: histories [m, 10, 2] -> [m, horizon, 2]."""
    x, y = train.forecast_windows(sequences, horizon)
    if len(x) == 0:
        return None
    rows = {
        "ours": forecast(x),
        "linear trend": train.linear_trend_forecast(x, horizon),
        "persistence": train.persistence_forecast(x, horizon),
    }
    out = {"windows": int(len(x)), "horizon_seconds": [0.5 * (k + 1) for k in range(horizon)]}
    for name, pred in rows.items():
        out[name] = [metrics.rmse(pred[:, k], y[:, k]) for k in range(horizon)]
    if paper_predictor_net is not None and horizon >= 2:
        with torch.no_grad():
            paper_next = paper_predictor_net(torch.from_numpy(x)).numpy()[:, 0]
        out["paper (+1.0 s only)"] = [None, metrics.rmse(paper_next, y[:, 1])] + [None] * (horizon - 2)
    return out


def reference_music(predict, reference_dir):
    """Per reference track: our per-frame av, the paper's (paper_av.npy) and the measured cues."""
    reference_dir = pathlib.Path(reference_dir)
    rows = []
    for track in REFERENCE_TRACKS:
        logmel = np.load(reference_dir / f"{track}.logmel.npy")
        ours = predict(logmel)
        paper_av = np.load(reference_dir / f"{track}.paper_av.npy")
        cues = measure.track_cues(features.read_audio(reference_dir / "music" / f"{track}.wav"))
        rows.append({"track": track, "ours": ours, "paper": paper_av, "cues": cues})
    return rows


def reference_summary(rows):
    """JSON-friendly summary: means, spread across tracks, and how our arousal ranks against the cues."""
    out = {"tracks": []}
    for row in rows:
        out["tracks"].append({
            "track": row["track"], "finite": bool(np.isfinite(row["ours"]).all()),
            "ours_mean": row["ours"].mean(axis=0).round(4).tolist(), "ours_std": row["ours"].std(axis=0).round(4).tolist(),
            "paper_mean": row["paper"].mean(axis=0).round(4).tolist(),
            "cues": {k: round(float(v), 3) for k, v in row["cues"].items()},
        })
    ours = np.array([r["ours"].mean(axis=0) for r in rows])
    theirs = np.array([r["paper"].mean(axis=0) for r in rows])
    out["between_track_std"] = {"ours": ours.std(axis=0).round(4).tolist(), "paper": theirs.std(axis=0).round(4).tolist()}
    out["between_track_range"] = {"ours": np.ptp(ours, axis=0).round(4).tolist(),
                                  "paper": np.ptp(theirs, axis=0).round(4).tolist()}
    for cue in ("loudness_db", "onset_rate", "centroid_hz", "tempo_bpm"):
        values = np.array([r["cues"][cue] for r in rows])
        out.setdefault("arousal_rank_correlation", {})[cue] = round(_spearman(ours[:, 0], values), 3)
    return out


def _spearman(a, b):
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1]) if np.std(ra) > 0 and np.std(rb) > 0 else float("nan")


# -- plots -----------------------------------------------------------------------------------------

def plot_held_out(path, tracks, trajectories, count=4):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    count = min(count, len(tracks))
    fig, axes = plt.subplots(count, 2, figsize=(12, 2.4 * count), squeeze=False, sharex=True)
    for i, track in enumerate(tracks[:count]):
        t = np.arange(len(track.labels)) * 0.5 + 0.5
        for d, name in enumerate(("arousal", "valence")):
            ax = axes[i, d]
            ax.plot(t, track.labels[:, d], "k", lw=2, label="label")
            for pred_name, preds in trajectories.items():
                ax.plot(t, preds[i][:, d], lw=1.2, label=pred_name)
            ax.set_ylim(-1, 1)
            ax.set_title(f"{track.key} {name}", fontsize=9)
            ax.grid(alpha=0.3)
    axes[0, 0].legend(fontsize=7, loc="lower left")
    for ax in axes[-1]:
        ax.set_xlabel("seconds")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def plot_reference(path, rows):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(2, (len(rows) + 1) // 2, figsize=(13, 6), squeeze=False)
    for ax, row in zip(axes.flat, rows):
        t = np.arange(len(row["ours"])) * 0.5 + 0.5
        ax.plot(t, row["ours"][:, 0], "C3", label="ours arousal")
        ax.plot(t, row["ours"][:, 1], "C0", label="ours valence")
        ax.plot(t, row["paper"][:, 0], "C3--", lw=1, label="paper arousal")
        ax.plot(t, row["paper"][:, 1], "C0--", lw=1, label="paper valence")
        ax.set_ylim(-1, 1)
        ax.grid(alpha=0.3)
        cues = row["cues"]
        ax.set_title(f"{row['track']}: {cues['loudness_db']:.0f} dB, {cues['onset_rate']:.1f} onsets/s, "
                     f"{cues['tempo_bpm']:.0f} BPM", fontsize=8)
    axes[0, 0].legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


# -- markdown --------------------------------------------------------------------------------------

def fmt(value, digits=3):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "n/a"
    return f"{value:.{digits}f}"


def held_out_table(results):
    lines = ["| predictor | RMSE A | r A | CCC A | RMSE V | r V | CCC V | quadrant acc | macro-F1 |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in results.items():
        a, v, q = r["arousal"], r["valence"], r["quadrant"]
        lines.append(f"| {name} | {fmt(a['rmse'])} | {fmt(a['pearson'])} | {fmt(a['ccc'])} | {fmt(v['rmse'])} | "
                     f"{fmt(v['pearson'])} | {fmt(v['ccc'])} | {fmt(q['accuracy'])} | {fmt(q['macro_f1'])} |")
    return "\n".join(lines)


def confusion_table(report):
    order = report["quadrant"]["order"]
    lines = ["| label \\ predicted | " + " | ".join(order) + " |", "| --- |" + " --- |" * len(order)]
    for name, row in zip(order, report["quadrant"]["confusion"]):
        lines.append(f"| {name} | " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines)


def forecast_table(result):
    steps = result["horizon_seconds"]
    lines = ["| forecaster | " + " | ".join(f"+{s:.1f} s" for s in steps) + " |", "| --- |" + " --- |" * len(steps)]
    for name, values in result.items():
        if name in ("windows", "horizon_seconds"):
            continue
        lines.append(f"| {name} | " + " | ".join(fmt(v) for v in values) + " |")
    return "\n".join(lines)


def reference_table(summary):
    lines = ["| track | ours A | ours V | ours std A/V | paper A | paper V | loudness dBFS | centroid Hz | onsets/s | tempo BPM | mode score |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for t in summary["tracks"]:
        c = t["cues"]
        lines.append(f"| {t['track']} | {fmt(t['ours_mean'][0])} | {fmt(t['ours_mean'][1])} | "
                     f"{fmt(t['ours_std'][0], 2)}/{fmt(t['ours_std'][1], 2)} | {fmt(t['paper_mean'][0])} | "
                     f"{fmt(t['paper_mean'][1])} | {c['loudness_db']:.1f} | {c['centroid_hz']:.0f} | "
                     f"{c['onset_rate']:.2f} | {c['tempo_bpm']:.0f} | {c['mode_score']:.2f} |")
    return "\n".join(lines)


def write_json(path, data):
    pathlib.Path(path).write_text(json.dumps(export.strict_json(data), indent=1, allow_nan=False) + "\n")


# -- the whole evaluation --------------------------------------------------------------------------

def evaluate(ours, forecast, train_tracks, parts, report_dir, reference=None, horizon=4, log=print):
    """Every section of the report for predictor `ours` and forecaster `forecast` (callables), with plots
    written into report_dir. parts: {"test": tracks, optionally "real_test": weakly labelled tracks}."""
    report_dir = pathlib.Path(report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    test = parts["test"]
    mean = np.nanmean(np.concatenate([t.labels for t in train_tracks]), axis=0)
    predictors = {"ours": ours, "mean predictor": constant_predictor(mean)}
    paper_net = None
    if reference is not None:
        predictors["paper model"] = paper_predictor(pathlib.Path(reference) / "paper_emotion.weights.npz")
        paper_net = paper.predictor_model(pathlib.Path(reference) / "paper_predictor.weights.npz")
    held, trajectories = held_out(predictors, test)
    for name, r in held.items():
        log(f"test {name}: RMSE A {r['arousal']['rmse']:.4f} V {r['valence']['rmse']:.4f}  "
            f"CCC A {r['arousal']['ccc']:.3f} V {r['valence']['ccc']:.3f}  quadrant acc {r['quadrant']['accuracy']:.3f}")
    report = {"test": held, "mean_label": mean.tolist(), "carried_state": carried_state(ours, test), "real_music_test": None}
    plot_held_out(report_dir / "held_out.png", test, {k: v for k, v in trajectories.items() if k != "mean predictor"})
    if parts.get("real_test"):
        real, real_trajectories = held_out(predictors, parts["real_test"])
        report["real_music_test"] = {name: {d: r[d] for d in ("arousal", "valence", "frames")} for name, r in real.items()}
        for name, r in real.items():
            log(f"held-out real music vs weak labels, {name}: r A {r['arousal']['pearson']:.3f} "
                f"V {r['valence']['pearson']:.3f}, RMSE A {r['arousal']['rmse']:.3f} V {r['valence']['rmse']:.3f}")
        plot_held_out(report_dir / "held_out_real.png", parts["real_test"],
                      {k: v for k, v in real_trajectories.items() if k != "mean predictor"})
    if forecast is not None:
        report["forecaster"] = forecasts(forecast, [t.labels for t in test], paper_net, horizon)
        report["forecaster_on_model_output"] = forecasts(forecast, trajectories["ours"], paper_net, horizon)
    if reference is not None:
        rows = reference_music(ours, reference)
        report["reference_music"] = reference_summary(rows)
        plot_reference(report_dir / "reference_music.png", rows)
        log(f"reference music: between-track std of the mean, ours {report['reference_music']['between_track_std']['ours']}"
            f", paper {report['reference_music']['between_track_std']['paper']}")
    return report


def result_sections(report):
    """The report's markdown after its header: held-out, forecaster, real music, reference music."""
    carried = report["carried_state"]
    lines = ["## Held-out test split", "", held_out_table(report["test"]), "",
             "Quadrant confusion of our model (rows: label, columns: prediction):", "",
             confusion_table(report["test"]["ours"]), ""]
    if report.get("quadrant_head"):
        head = report["quadrant_head"]
        lines += [f"The model's quadrant classification head: accuracy {fmt(head['accuracy'])}, macro-F1 "
                  f"{fmt(head['macro_f1'])}; confusion (rows: label, columns: prediction):", "",
                  confusion_table({"quadrant": head}), ""]
    lines += [
             f"State carried without reset across {carried['tracks']} test tracks played back to back: "
             f"RMSE A {carried['arousal']['rmse']:.3f}, V {carried['valence']['rmse']:.3f}; "
             f"CCC A {carried['arousal']['ccc']:.3f}, V {carried['valence']['ccc']:.3f}.", "",
             "![held-out trajectories](held_out.png)", ""]
    if report.get("forecaster"):
        lines += ["## Forecaster", "",
                  f"On the test split's label trajectories ({report['forecaster']['windows']} windows), RMSE per step ahead:",
                  "", forecast_table(report["forecaster"]), "",
                  "On our emotion model's own output trajectories (what it forecasts at run time):", "",
                  forecast_table(report["forecaster_on_model_output"]), ""]
    if report.get("weak_labels"):
        a = report["weak_labels"]["assessment"]
        fit = {k: round(v["r"], 3) for k, v in report["weak_labels"].items() if k != "assessment"}
        lines += ["## Real music (weak labels)", "",
                  f"Measured cue -> cue scale fits on synthetic training songs, correlation r: {fit}. "
                  f"Weak labels against the true labels of synthetic validation songs: r A {a['arousal']['pearson']:.3f}, "
                  f"V {a['valence']['pearson']:.3f}; RMSE A {a['arousal']['rmse']:.3f}, V {a['valence']['rmse']:.3f}.", ""]
    if report.get("real_music_test"):
        lines += ["Held-out real tracks, agreement with their weak labels:", "",
                  "| predictor | r A | CCC A | RMSE A | r V | CCC V | RMSE V |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for name, r in report["real_music_test"].items():
            a, v = r["arousal"], r["valence"]
            lines.append(f"| {name} | {fmt(a['pearson'])} | {fmt(a['ccc'])} | {fmt(a['rmse'])} | {fmt(v['pearson'])} | "
                         f"{fmt(v['ccc'])} | {fmt(v['rmse'])} |")
        lines += ["", "![held-out real music](held_out_real.png)", ""]
    if "reference_music" in report:
        ref = report["reference_music"]
        lines += ["## Reference music (../shared/reference, never used for training)", "",
                  reference_table(ref), "",
                  f"Spread of the per-track mean across the six tracks (std, arousal/valence): ours "
                  f"{ref['between_track_std']['ours']}, paper {ref['between_track_std']['paper']}. "
                  f"Rank correlation of our per-track arousal with the measured cues: {ref['arousal_rank_correlation']}.", "",
                  "![reference music](reference_music.png)", ""]
    return lines
