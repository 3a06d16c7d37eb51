#!/usr/bin/env python3
"""Start-up benchmark: whole-process time of one-shot commands, and time from process start to the first reading.

    tools/bench/startup.sh [--runs N] [--app CMD]...

Runs each program (by default the checkout's JIT build through `dotnet musicemotion.dll`, and the release
executable in artifacts/ when tools/package.sh has made one) on:
  - analyze of a 12 s clip (the reference sad.wav),
  - analyze of a 7.2-minute track (36 reference clips end to end, made once with sox),
  - live --input of the 12 s clip, to its first reading (stopped there).
Each case is run once untimed (so the engine choice is cached and files are in the page cache, as on any second
start), then N times. Prints min / median / p90 in milliseconds, as a Markdown table.
"""
import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]


def reference_music() -> pathlib.Path:
    base = pathlib.Path(os.environ.get("MUSICEMOTION_REFERENCE", ROOT.parent / "shared" / "reference"))
    music = base / "music"
    if not (music / "sad.wav").is_file():
        sys.exit(f"startup.py: {music / 'sad.wav'}: reference clip missing (set MUSICEMOTION_REFERENCE)")
    return music


def long_track(music: pathlib.Path, folder: pathlib.Path) -> pathlib.Path:
    """36 mono 44.1 kHz clips end to end: 432 s = 7.2 minutes."""
    clips = sorted(p for p in music.glob("*.wav") if "stereo" not in p.name and "48k" not in p.name)
    chosen = [clips[i % len(clips)] for i in range(36)]
    out = folder / "long-7.2min.wav"
    subprocess.run(["sox", *map(str, chosen), str(out)], check=True)
    return out


def whole_process(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def to_first_line(cmd: list[str], is_reading) -> float:
    """Milliseconds from spawning the process to the first stdout line that is a reading; then stops it."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in process.stdout:
            if is_reading(line):
                return (time.perf_counter() - start) * 1000
        raise RuntimeError(f"{' '.join(cmd)}: no reading printed")
    finally:
        process.kill()
        process.wait()


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return f"{ordered[0]:.0f} / {statistics.median(ordered):.0f} / {p90:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--app", action="append", help="a command that runs musicemotion (repeatable)")
    args = parser.parse_args()

    apps = args.app or []
    if not apps:
        dll = ROOT / "src/MusicEmotion.Cli/bin/Release/net10.0/musicemotion.dll"
        if not dll.is_file():
            sys.exit(f"startup.py: {dll}: build first (./musicemotion --help builds it)")
        apps.append(f"dotnet {dll}")
        released = sorted((ROOT / "artifacts").glob("musicemotion-*/musicemotion"))
        apps += [str(p) for p in released]
    music = reference_music()
    clip = music / "sad.wav"
    is_data_row = lambda line: line[:1].isdigit() or line.startswith("/")  # csv rows start with the file path

    with tempfile.TemporaryDirectory() as scratch:
        track = long_track(music, pathlib.Path(scratch))
        cases = [
            ("analyze, 12 s clip, whole process", lambda app: whole_process([*app, "analyze", str(clip), "--format", "csv"])),
            ("analyze, 7.2-min track, whole process", lambda app: whole_process([*app, "analyze", str(track), "--format", "csv"])),
            ("analyze, 12 s clip, to first reading", lambda app: to_first_line([*app, "analyze", str(clip), "--format", "csv"], is_data_row)),
            ("live --input, to first reading", lambda app: to_first_line([*app, "live", "--input", str(clip)], lambda l: ":" in l[:8])),
        ]
        print(f"{args.runs} runs each after one untimed run; milliseconds, min / median / p90; "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start\n")
        print("| case | " + " | ".join(f"`{a}`" for a in apps) + " |")
        print("| --- |" + " ---: |" * len(apps))
        for name, measure in cases:
            cells = []
            for app in apps:
                argv = app.split()
                measure(argv)
                cells.append(summary([measure(argv) for _ in range(args.runs)]))
            print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
