#!/usr/bin/python3
"""The architecture comparison report: the four --arch models trained on one split, side by side.

Reads what tools/training/train_architectures.sh leaves in RUNS:
  RUNS/<arch>/report.json                    each training run's evaluation (same corpus, split and seed)
  RUNS/models/arch-<arch>-emotion.json        its model card (parameters, engines, training time)
  RUNS/bench/<arch>-<engine>.json             `musicemotion bench --model ... --frames 1000 --out` per engine
  RUNS/corpus, RUNS/features                  the corpus and its feature cache (for the trajectory plot)
and writes OUT/report.md, OUT/report.json, OUT/comparison.png, OUT/held_out.png and OUT/logs/<arch>.log. Text in OUT/conclusions.md (written by a
person after reading the numbers) is kept and placed at the end of report.md.

  tools/training/compare_architectures.py --runs tools/training/out/architectures --out tools/training/reports/architectures
"""

import argparse
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from musicemotion_training import evaluation, model, pipeline  # noqa: E402

ENGINES = ("managed", "onnxruntime")
# The shipped default changes only for a model better on the held-out split within this latency ratio.
LATENCY_LIMIT = 2.0


def read_json(path):
    path = pathlib.Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: missing (run tools/training/train_architectures.sh first)")
    return json.loads(path.read_text())


def bench_summary(path):
    """Median and p99 of the inference stage and end to end (µs), or None when that engine did not run it."""
    path = pathlib.Path(path)
    if not path.is_file():
        return None
    data = json.loads(path.read_text())
    stages = {s["stage"]: s for s in data["stages"]}
    return {"inference_median_us": stages["inference"]["median_us"], "inference_p99_us": stages["inference"]["p99_us"],
            "end_to_end_median_us": stages["end-to-end"]["median_us"], "engine": data["setup"].get("engine")}


def training_cpu_minutes(log):
    """CPU minutes of the emotion model's epochs, from the run's log (`epoch N: ... (W s, cpu C s)`): on a shared
    machine the wall-time budget buys each run a different share of the CPU, so both are reported."""
    return sum(float(m) for m in re.findall(r"epoch +\d+: .*cpu (\d+(?:\.\d+)?) s\)", log)) / 60


def collect(runs):
    runs = pathlib.Path(runs)
    rows = {}
    for arch in model.ARCHITECTURES:
        report = read_json(runs / arch / "report.json")
        card = read_json(runs / "models" / f"arch-{arch}-emotion.json")
        rows[arch] = {
            "architecture": card["architecture"], "parameters": card["parameters"],
            "state": card["state"], "engines": card["engines"],
            "training": {k: report["training"][k] for k in ("chosen", "epochs", "best_epoch", "seconds", "split", "machine")}
            | {"cpu_minutes": training_cpu_minutes((runs / arch / "training.log").read_text()),
               "wall_minutes": next(r["seconds"] for r in report["training"]["sizes_tried"]) / 60},
            "test": report["report"]["test"]["ours"],
            "quadrant_head": report["report"].get("quadrant_head"),
            "carried_state": report["report"]["carried_state"],
            "forecaster_on_model_output": report["report"]["forecaster_on_model_output"],
            "reference_music": report["report"].get("reference_music"),
            "bench": {engine: bench_summary(runs / "bench" / f"{arch}-{engine}.json") for engine in ENGINES},
        }
        baselines = {k: v for k, v in report["report"]["test"].items() if k != "ours"}
    return rows, baselines


def plot_trajectories(path, runs, split_seed, count=3):
    """The first held-out test tracks: labels and each exported model's readings (the .onnx files run by the
    NumPy interpreter, state carried from zero), from the runs' corpus and feature cache."""
    options = pipeline.Options(datasets=[runs / "corpus"], out=None, name="", report=None, cache=runs / "features")
    test = pipeline.split_sources(pipeline.load_labelled(options, lambda line: None), split_seed)["test"][:count]
    readings = {arch: [evaluation.onnx_stateful_predictor(runs / "models" / f"arch-{arch}-emotion.onnx")(t.logmel)
                       for t in test] for arch in model.ARCHITECTURES}
    evaluation.plot_held_out(path, test, readings, count)


def fastest_us(row):
    times = [b["inference_median_us"] for b in row["bench"].values() if b]
    return min(times) if times else float("nan")


def decision(rows):
    """Whether the shipped default (lstm) should change, by the rule the issue set, in one sentence."""
    score = {a: (r["test"]["arousal"]["rmse"] + r["test"]["valence"]["rmse"]) / 2 for a, r in rows.items()}
    best = min(score, key=score.get)
    if best == "lstm":
        runner = min((a for a in score if a != "lstm"), key=score.get)
        ratio = fastest_us(rows[runner]) / fastest_us(rows["lstm"])
        return "lstm", (f"lstm has the lowest mean held-out RMSE ({score['lstm']:.3f}; next {runner}, {score[runner]:.3f}, "
                        f"whose fastest per-frame inference takes {ratio:.1f}x lstm's): the shipped default stays lstm.")
    ratio = fastest_us(rows[best]) / fastest_us(rows["lstm"])
    if ratio <= LATENCY_LIMIT:
        return best, (f"{best} has the lowest mean held-out RMSE ({score[best]:.3f} against lstm's {score['lstm']:.3f}) "
                      f"within {LATENCY_LIMIT:g}x lstm's per-frame inference time ({ratio:.2f}x): by the rule it would "
                      "become the default, once retrained on the full budget and confirmed there.")
    return "lstm", (f"{best} has the lowest mean held-out RMSE ({score[best]:.3f} against lstm's {score['lstm']:.3f}) but "
                    f"takes {ratio:.1f}x lstm's per-frame inference time (limit {LATENCY_LIMIT:g}x): the default stays lstm.")


def fmt(value, digits=3):
    return evaluation.fmt(value, digits)


def us(row, engine):
    bench = row["bench"][engine]
    if not row["engines"].get(engine):
        return "refused"
    return "not measured" if bench is None else f"{bench['inference_median_us']:.0f} / {bench['end_to_end_median_us']:.0f}"


def markdown(rows, baselines, choice, runs_note):
    first = next(iter(rows.values()))["training"]
    split = first["split"]
    lines = ["# Architecture comparison", "",
             f"Four emotion-model architectures (`train_models.py --arch`) trained by the same tools on one reduced "
             f"synthetic corpus, split by song (seed {split['seed']}): {split['train']} train, {split['validation']} "
             f"validation, {split['test']} held-out test songs. {runs_note}", "",
             "## Held-out test split", "",
             "| architecture | parameters | state [L,1,H] | epochs (best) | training wall / CPU min | RMSE A | r A | CCC A | RMSE V | r V | CCC V | quadrant acc | macro-F1 |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for arch, r in rows.items():
        a, v, q, t = r["test"]["arousal"], r["test"]["valence"], r["test"]["quadrant"], r["training"]
        lines.append(f"| {arch} | {r['parameters']:,} | [{r['state']['layers']},1,{r['state']['hidden']}] | "
                     f"{t['epochs']} ({t['best_epoch']}) | {t['wall_minutes']:.1f} / {t['cpu_minutes']:.1f} | {fmt(a['rmse'])} | {fmt(a['pearson'])} | "
                     f"{fmt(a['ccc'])} | {fmt(v['rmse'])} | {fmt(v['pearson'])} | {fmt(v['ccc'])} | {fmt(q['accuracy'])} | "
                     f"{fmt(q['macro_f1'])} |")
    for name, r in baselines.items():
        a, v, q = r["arousal"], r["valence"], r["quadrant"]
        lines.append(f"| *{name}* | | | | | {fmt(a['rmse'])} | {fmt(a['pearson'])} | {fmt(a['ccc'])} | {fmt(v['rmse'])} | "
                     f"{fmt(v['pearson'])} | {fmt(v['ccc'])} | {fmt(q['accuracy'])} | {fmt(q['macro_f1'])} |")
    lines += ["", "Quadrant accuracy and macro-F1 above come from the regression (the sign of each reading). "
              "*paper model* is the paper's published network (../shared/reference, trained on EmoMusic, stateless); "
              "*paper* is its layers retrained here with the state carried.", ""]
    for arch, r in rows.items():
        if r["quadrant_head"]:
            head = r["quadrant_head"]
            lines += [f"{arch}'s own 4-quadrant classification head: accuracy {fmt(head['accuracy'])}, macro-F1 "
                      f"{fmt(head['macro_f1'])}.", ""]
    lines += ["Quadrant confusion (rows: label, columns: prediction):", ""]
    for arch, r in rows.items():
        matrices = [("regression", r["test"]["quadrant"])] + ([("quadrant head", r["quadrant_head"])] if r["quadrant_head"] else [])
        for what, q in matrices:
            lines += [f"{arch} ({what}):", "", evaluation.confusion_table({"quadrant": q}), ""]
    lines += ["", "## State carried, forecaster on top, real music", "",
              "| architecture | carried across 8 tracks: RMSE A / V | forecaster on the model's output, RMSE +0.5 s / +2.0 s (persistence) | reference music: between-track std A / V | arousal rank correlation with loudness / onset rate |",
              "| --- | --- | --- | --- | --- |"]
    for arch, r in rows.items():
        cs, fo, ref = r["carried_state"], r["forecaster_on_model_output"], r["reference_music"]
        forecast = (f"{fmt(fo['ours'][0])} / {fmt(fo['ours'][-1])} ({fmt(fo['persistence'][0])} / {fmt(fo['persistence'][-1])})"
                    if fo else "n/a")
        reference = (f"{fmt(ref['between_track_std']['ours'][0])} / {fmt(ref['between_track_std']['ours'][1])} | "
                     f"{fmt(ref['arousal_rank_correlation']['loudness_db'], 2)} / {fmt(ref['arousal_rank_correlation']['onset_rate'], 2)}"
                     if ref else "n/a | n/a")
        lines.append(f"| {arch} | {fmt(cs['arousal']['rmse'])} / {fmt(cs['valence']['rmse'])} | {forecast} | {reference} |")
    lines += ["", "The reference music is the six Wesnoth excerpts of ../shared/reference (never trained on); the "
              "real-music cue check asks whether a model's per-track mean arousal ranks the tracks as their measured "
              "loudness and onset rate do (six tracks: a rank correlation is coarse).", "",
              "## Per-frame latency (`musicemotion bench --model FILE.onnx --frames 1000`)", "",
              "| architecture | managed: inference / end to end median µs | ONNX Runtime: inference / end to end median µs | ONNX Runtime inference p99 µs |",
              "| --- | --- | --- | --- |"]
    for arch, r in rows.items():
        ort = r["bench"]["onnxruntime"]
        p99 = "" if ort is None else f"{ort['inference_p99_us']:.0f}"
        lines.append(f"| {arch} | {us(r, 'managed')} | {us(r, 'onnxruntime')} | {p99} |")
    lines += ["", "\"refused\": the managed engine refuses the model with its one-line \"unsupported op\" error "
              "(Conv), and `--engine auto` runs it on ONNX Runtime.", "",
              "![comparison](comparison.png)", "",
              "The first three held-out test songs, each model's readings against the labels (the exported files, "
              "state carried from the start of each song):", "", "![held-out trajectories](held_out.png)", "",
              "## The default", "", choice, ""]
    return lines


def plot(path, rows):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    archs = list(rows)
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
    width = 0.38
    x = range(len(archs))
    for k, (metric, ax) in enumerate(zip(("rmse", "ccc"), axes[:2])):
        for d, dim in enumerate(("arousal", "valence")):
            ax.bar([i + (d - 0.5) * width for i in x], [rows[a]["test"][dim][metric] for a in archs], width, label=dim)
        ax.set_xticks(list(x), archs, fontsize=8)
        ax.set_title(f"held-out {metric.upper()} ({'lower' if metric == 'rmse' else 'higher'} is better)", fontsize=9)
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(fontsize=8)
    for e, engine in enumerate(ENGINES):
        values = [rows[a]["bench"][engine]["inference_median_us"] if rows[a]["bench"][engine] else 0 for a in archs]
        axes[2].bar([i + (e - 0.5) * width for i in x], values, width, label=engine)
    axes[2].set_xticks(list(x), archs, fontsize=8)
    axes[2].set_title("inference median µs per frame (0: refused)", fontsize=9)
    axes[2].legend(fontsize=8)
    axes[2].grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=pathlib.Path, required=True)
    parser.add_argument("--out", type=pathlib.Path, required=True)
    parser.add_argument("--note", default="", help="how the runs were made (budget, machine), for the report")
    args = parser.parse_args(argv)
    try:
        rows, baselines = collect(args.runs)
    except (FileNotFoundError, KeyError, json.JSONDecodeError) as error:
        print(f"compare_architectures: {error}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    default, sentence = decision(rows)
    evaluation.write_json(args.out / "report.json", {"architectures": rows, "baselines": baselines,
                                                     "default": default, "decision": sentence})
    plot(args.out / "comparison.png", rows)
    plot_trajectories(args.out / "held_out.png", args.runs, next(iter(rows.values()))["training"]["split"]["seed"])
    (args.out / "logs").mkdir(exist_ok=True)
    for arch in rows:  # each run's full training log, beside the report
        (args.out / "logs" / f"{arch}.log").write_text((args.runs / arch / "training.log").read_text())
    lines = markdown(rows, baselines, sentence, args.note)
    conclusions = args.out / "conclusions.md"
    if conclusions.is_file():
        lines += ["## Which to choose when", "", conclusions.read_text().strip(), ""]
    (args.out / "report.md").write_text("\n".join(lines))
    print(f"compare_architectures: {args.out / 'report.md'}; {sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
