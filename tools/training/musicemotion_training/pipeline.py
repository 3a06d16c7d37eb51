"""The whole training run: data -> features -> split -> emotion model (sizes tried) -> forecaster ->
evaluation -> ONNX + cards + parity fixture + report. train_models.py is its command line.
"""

import dataclasses
import json
import os
import pathlib
import platform
import time

import numpy as np
import torch

from . import datasets, evaluation, export, features, metrics, tracks as tracks_mod, train, weak_labels

REPO_ROOT = features.REPO_ROOT


@dataclasses.dataclass
class Options:
    datasets: list  # folders in the DEAM or EmoMusic layout (the synthetic corpus is DEAM layout)
    out: pathlib.Path
    name: str
    report: pathlib.Path
    cache: pathlib.Path
    extractor: str = features.DEFAULT_EXTRACTOR
    sizes: tuple = ("32x2",)  # HIDDENxLAYERS, tried in turn; the best on validation is shipped
    emotion: train.EmotionConfig = dataclasses.field(default_factory=train.EmotionConfig)
    forecast: train.ForecastConfig = dataclasses.field(default_factory=train.ForecastConfig)
    split_seed: int = 7
    real_music: list = dataclasses.field(default_factory=list)
    reference: pathlib.Path = None  # ../shared/reference, for the paper model and the reference music
    parity_dir: pathlib.Path = None
    license: str = export.LICENSE
    development: dict = None  # earlier development runs (sizes, stacks, losses tried), for card and report


def default_reference():
    """$MUSICEMOTION_REFERENCE, else ../shared/reference beside the repository, when it is there (the paper model,
    the reference music): the same lookup as the C# tests, so one variable moves the data for both."""
    path = pathlib.Path(os.environ.get("MUSICEMOTION_REFERENCE") or REPO_ROOT.parent / "shared" / "reference")
    return path if (path / "manifest.json").is_file() else None


def read_card(onnx_path):
    """The card NAME.json beside NAME.onnx."""
    path = pathlib.Path(onnx_path).with_suffix(".json")
    if not path.is_file():
        raise ValueError(f"{onnx_path}: no model card {path.name} beside it")
    return json.loads(path.read_text())


def parse_size(text):
    """'64x2' -> (64, 2)."""
    try:
        hidden, layers = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"size {text!r}: expected HIDDENxLAYERS, e.g. 32x2") from None
    if hidden <= 0 or layers <= 0:
        raise ValueError(f"size {text!r}: hidden and layers must be positive")
    return hidden, layers


class RunLog:
    """Prints and keeps every line, so the report folder holds the run's full log."""

    def __init__(self, path):
        self.path = pathlib.Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("")
        self.started = time.monotonic()

    def __call__(self, line):
        stamped = f"[{time.monotonic() - self.started:7.1f} s] {line}"
        print(stamped, flush=True)
        with open(self.path, "a") as f:
            f.write(stamped + "\n")


def load_labelled(options, log):
    """{source: (tracks, problems)} for every dataset folder."""
    out = {}
    for root in options.datasets:
        root = pathlib.Path(root)
        layout = datasets.detect_layout(root)
        source = "synthetic" if (root / "corpus.json").is_file() else layout.name
        cache = pathlib.Path(options.cache) / options.extractor / f"{source}-{root.resolve().name}"
        loaded, problems = tracks_mod.prepare(root, cache, options.extractor, layout, source, log)
        for problem in problems:
            log(f"{root}: {problem}")
        log(f"{root}: {len(loaded)} tracks ({layout.name} layout, source '{source}'), {len(problems)} problems")
        if not loaded:
            raise datasets.DatasetError(f"{root}: no usable song")
        out[source] = (loaded, problems)
    return out


def split_sources(by_source, seed):
    """Song-level split inside each source; returns {train, validation, test: [tracks]}."""
    parts = {"train": [], "validation": [], "test": []}
    for loaded, _ in by_source.values():
        ids = datasets.split([t.song_id for t in loaded], seed)
        by_id = {t.song_id: t for t in loaded}
        for part, chosen in ids.items():
            parts[part].extend(by_id[i] for i in chosen)
    return parts


def run(options):
    options.report.mkdir(parents=True, exist_ok=True)
    log = RunLog(options.report / "training.log")
    started = time.monotonic()
    log(f"training run '{options.name}': features by the {options.extractor} extractor, "
        f"torch {torch.__version__}, {options.emotion.threads} thread(s)")
    by_source = load_labelled(options, log)
    parts = split_sources(by_source, options.split_seed)
    weak, weak_fit = [], None
    if options.real_music:
        if "synthetic" not in by_source:
            raise datasets.DatasetError("weak labels for --real-music are calibrated on a synthetic corpus: "
                                        "pass one with --dataset")
        corpus_root = pathlib.Path(by_source["synthetic"][0][0].audio).parent.parent
        calibration_ids = [t.song_id for t in parts["train"] if t.source == "synthetic"][:40]
        weak, weak_fit = weak_labels.prepare(options.real_music, options.cache, options.extractor, corpus_root,
                                             calibration_ids, log)
        # Real music is split by track too: a few tracks stay out of training, to measure what it learnt.
        weak_split = datasets.split([t.song_id for t in weak], options.split_seed, fractions=(0.85, 0.0, 0.15))
        held = set(weak_split["test"])
        parts["real_test"] = [t for t in weak if t.song_id in held]
        weak = [t for t in weak if t.song_id not in held]
        synthetic_val = [t.song_id for t in parts["validation"] if t.source == "synthetic"][:12]
        weak_fit["assessment"] = weak_labels.assess(corpus_root, synthetic_val, weak_fit)
        a = weak_fit["assessment"]
        log(f"weak labels against the true labels of {len(synthetic_val)} synthetic validation songs: "
            f"r A {a['arousal']['pearson']:.3f} V {a['valence']['pearson']:.3f}, "
            f"RMSE A {a['arousal']['rmse']:.3f} V {a['valence']['rmse']:.3f}")
    train_tracks = parts["train"] + weak
    if not parts["validation"] or not parts["test"]:
        raise datasets.DatasetError("too few songs for a train/validation/test split (need at least 3 per source)")
    log(f"split by song: {len(train_tracks)} train ({len(weak)} weakly labelled real tracks), "
        f"{len(parts['validation'])} validation, {len(parts['test'])} test, "
        f"{len(parts.get('real_test', []))} real tracks held out")

    budget_each = options.emotion.time_budget_s / len(options.sizes)
    tried, best = [], None
    for size in options.sizes:
        hidden, layers = parse_size(size)
        config = dataclasses.replace(options.emotion, hidden=hidden, layers=layers, time_budget_s=budget_each)
        log(f"emotion model {config.arch} {size} (stack {config.stack}): training")
        t0 = time.monotonic()
        net, history = train.train_emotion(train_tracks, parts["validation"], config, log)
        _, val_report = train.evaluate_tracks(net, parts["validation"])
        row = {"arch": config.arch, "size": size, "hidden": hidden, "layers": layers, "stack": config.stack,
               "parameters": sum(p.numel() for p in net.parameters()), "epochs_run": len(history),
               "best_epoch": int(np.argmin([h["val_rmse"] for h in history])) + 1,
               "validation": val_report, "seconds": round(time.monotonic() - t0, 1)}
        tried.append(row)
        log(f"emotion model {size}: validation RMSE A {val_report['arousal']['rmse']:.4f} "
            f"V {val_report['valence']['rmse']:.4f}, CCC A {val_report['arousal']['ccc']:.3f} "
            f"V {val_report['valence']['ccc']:.3f} ({row['seconds']:.0f} s)")
        if best is None or train.score(val_report) < train.score(best[1]["validation"]):
            best = (net, row, history)
    net, chosen, history = best
    log(f"chosen size: {chosen['size']}")

    log("forecaster: training on label trajectories")
    f_net, f_history = train.train_forecaster([t.labels for t in parts["train"]],
                                              [t.labels for t in parts["validation"]], options.forecast, log)

    report = evaluation.evaluate(evaluation.torch_predictor(net), _forecaster(f_net), train_tracks, parts,
                                 options.report, options.reference, options.forecast.horizon, log)
    if net.classifies:
        true_q = metrics.quadrant(np.concatenate([t.labels for t in parts["test"]]))
        pred_q = np.concatenate([train.classify(net, t.logmel) for t in parts["test"]])
        labelled = ~np.isnan(np.concatenate([t.labels for t in parts["test"]])).any(axis=1)
        report["quadrant_head"] = metrics.quadrant_report(pred_q[labelled], true_q[labelled])
        log(f"test quadrant head: accuracy {report['quadrant_head']['accuracy']:.3f}, "
            f"macro-F1 {report['quadrant_head']['macro_f1']:.3f}")
    if weak_fit is not None:
        report["weak_labels"] = weak_fit
    report["sizes_tried"] = [{k: v for k, v in row.items() if k != "validation"} |
                             {"validation_rmse": [row["validation"]["arousal"]["rmse"], row["validation"]["valence"]["rmse"]],
                              "validation_ccc": [row["validation"]["arousal"]["ccc"], row["validation"]["valence"]["ccc"]]}
                             for row in tried]
    elapsed = time.monotonic() - started
    training = {
        "data": {source: {"tracks": len(loaded), "problems": len(problems)} for source, (loaded, problems) in by_source.items()},
        "weakly_labelled_real_music": len(weak),
        "split": {"by": "song", "seed": options.split_seed, "train": len(train_tracks),
                  "validation": len(parts["validation"]), "test": len(parts["test"])},
        "features": f"{options.extractor} extractor",
        "arch": options.emotion.arch, "sizes_tried": report["sizes_tried"], "chosen": chosen["size"],
        "epochs": chosen["epochs_run"], "best_epoch": chosen["best_epoch"],
        "config": {k: v for k, v in dataclasses.asdict(options.emotion).items() if k != "augmentation"},
        "augmentation": dataclasses.asdict(options.emotion.augmentation),
        "seed": options.emotion.seed, "seconds": round(elapsed, 1),
        "machine": f"{platform.machine()}, torch {torch.__version__}, {options.emotion.threads} thread(s)",
    }
    if options.development is not None:
        training["development"] = options.development
    options.out.mkdir(parents=True, exist_ok=True)
    frames = train.model_input(np.asarray(parts["test"][0].logmel))
    emotion_card = export.export_emotion(net, options.out / f"{options.name}-emotion.onnx", frames, training,
                                         _card_metrics(report), options.license)
    log(f"exported {emotion_card}")
    f_training = {"data": "label trajectories of the training split (see the emotion card)",
                  "windows": int(len(train.forecast_windows([t.labels for t in parts["train"]], options.forecast.horizon)[0])),
                  "config": dataclasses.asdict(options.forecast), "epochs": len(f_history),
                  "seed": options.forecast.seed}
    x_check, _ = train.forecast_windows([t.labels for t in parts["test"]], options.forecast.horizon)
    forecaster_card = export.export_forecaster(f_net, options.out / f"{options.name}-forecaster.onnx", x_check,
                                               f_training, {"test": report["forecaster"]}, options.license)
    log(f"exported {forecaster_card}")
    parity_dir = options.parity_dir or options.report / f"{options.name}-emotion.parity"
    export.write_parity_fixture(net, frames, parity_dir, parts["test"][0].key,
                                model_sha256=export.sha256(options.out / f"{options.name}-emotion.onnx"))
    log(f"parity fixture: {parity_dir}")
    write_report(options, report, training)
    log(f"report: {options.report / 'report.md'}; total {elapsed / 60:.1f} min")
    return report


def _forecaster(net):
    def forecast(histories):
        return train.forecast(net, histories)
    return forecast


def _card_metrics(report):
    out = {"test": {k: {d: report["test"][k][d] for d in ("arousal", "valence", "quadrant", "frames")}
                    for k in report["test"]},
           "carried_state": report["carried_state"]}
    if "quadrant_head" in report:
        out["quadrant_head"] = report["quadrant_head"]
    if "reference_music" in report:
        out["reference_music"] = {k: report["reference_music"][k]
                                  for k in ("between_track_std", "between_track_range", "arousal_rank_correlation")}
    return out


def write_report(options, report, training):
    evaluation.write_json(options.report / "report.json", {"report": report, "training": training})
    lines = [f"# Training report: {options.name} ({training['arch']})", "",
             f"Data: {json.dumps(training['data'])}; weakly labelled real tracks: {training['weakly_labelled_real_music']}. "
             f"Split by song (seed {training['split']['seed']}): {training['split']['train']} train, "
             f"{training['split']['validation']} validation, {training['split']['test']} test. "
             f"Features: {training['features']}. Total time {training['seconds'] / 60:.1f} min on {training['machine']}.", "",
             "## Sizes tried (validation split)", "",
             "| size | parameters | epochs (best) | RMSE A | RMSE V | CCC A | CCC V | seconds |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in report["sizes_tried"]:
        lines.append(f"| {row['size']} | {row['parameters']} | {row['epochs_run']} ({row['best_epoch']}) | "
                     f"{row['validation_rmse'][0]:.3f} | {row['validation_rmse'][1]:.3f} | {row['validation_ccc'][0]:.3f} | "
                     f"{row['validation_ccc'][1]:.3f} | {row['seconds']:.0f} |")
    lines += ["", f"Chosen: {training['chosen']}.", ""]
    if "development" in training:
        dev = training["development"]
        lines += ["## Development runs", "", dev["what"] + f"; mean predictor test RMSE {dev['mean_predictor_test_rmse']}.", "",
                  "| run | size | stack | parameters | loss | best epoch | val RMSE A/V | val CCC A/V | test RMSE A/V | test CCC A/V |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for r in dev["runs"]:
            lines.append(f"| {r['run']} | {r['size']} | {r['stack']} | {r['parameters']} | {r['loss']} | {r['best_epoch']} | "
                         + " | ".join("/".join(f"{v:.3f}" for v in r[k])
                                      for k in ("validation_rmse", "validation_ccc", "test_rmse", "test_ccc")) + " |")
        lines += [""] + [f"- {c}" for c in dev["conclusions"]] + [""]
    lines += evaluation.result_sections(report)
    (options.report / "report.md").write_text("\n".join(lines))
