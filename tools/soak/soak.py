#!/usr/bin/python3
"""The soak's measuring side, standard library only: a free port, an OSC receiver that counts readings, the
resident-memory slope, and the checks of what live printed against what it sent and recorded.

    soak.py free-port tcp|udp
    soak.py osc-count PORT COUNT_FILE          counts OSC datagrams carrying a reading until SIGTERM
    soak.py rss RSS_FILE                       start/end/max and the least-squares slope (KB/min), whole and second half
    soak.py readings PRINTED.jsonl EXPORTED.jsonl
                                               the readings printed and recorded, and whether they agree
    soak.py stats STDERR_FILE                  the last live stats block: frames, readings, drops, overruns
    soak.py live-summary LIVE_JSON             the live part's figures in two lines
    soak.py killed PRINTED.jsonl EXPORTED.jsonl EXPORT_EXIT EXPORT_STDERR
                                               whether a recording killed mid-way reads back to its last complete reading
    soak.py smaps-growth SMAPS_FOLDER [N]      the N mappings whose resident memory grew most, middle copy -> last

Each command prints one JSON object on stdout (run.sh reads them with this same script).
"""

import json
import os
import signal
import socket
import sys


def free_port(kind):
    family = socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM
    with socket.socket(socket.AF_INET, family) as probe:
        probe.bind(("127.0.0.1", 0))
        print(probe.getsockname()[1])


def osc_count(port, count_file):
    """Counts the datagrams that carry a reading (/…/av), writing the count after each so a kill loses nothing."""
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    receiver.bind(("127.0.0.1", int(port)))
    receiver.settimeout(0.5)
    counts = {"datagrams": 0, "readings": 0}
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))

    def save():
        with open(count_file + ".tmp", "w") as out:
            json.dump(counts, out)
        # Renamed into place, so a reader never sees half a file.
        os.replace(count_file + ".tmp", count_file)

    save()
    while not stopping:
        try:
            data = receiver.recv(65536)
        except socket.timeout:
            continue
        except InterruptedError:
            continue
        counts["datagrams"] += 1
        if b"/av\x00" in data:
            counts["readings"] += 1
        save()
    save()


def slope(points):
    """Least-squares slope of (minutes, KB) points, KB per minute; None for fewer than two."""
    if len(points) < 2:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx


def rss(rss_file):
    samples = []
    with open(rss_file) as lines:
        for line in lines:
            fields = line.split()
            if len(fields) >= 2:
                samples.append((int(fields[0]) / 60.0, int(fields[1]), float(fields[2]), float(fields[3])))
    points = [(minutes, kb) for minutes, kb, _, _ in samples]
    loads = [load for _, _, load, _ in samples]
    cpu = [seconds for _, _, _, seconds in samples]
    half = points[len(points) // 2:] if points else []
    result = {
        "samples": len(points),
        "minutes": round(points[-1][0], 2) if points else 0,
        "start_kb": points[0][1] if points else None,
        "end_kb": points[-1][1] if points else None,
        "max_kb": max(kb for _, kb in points) if points else None,
        "slope_kb_per_min": rounded(slope(points)),
        "slope_second_half_kb_per_min": rounded(slope(half)),
        "load_mean": round(sum(loads) / len(loads), 1) if loads else None,
        "load_max": max(loads) if loads else None,
        # CPU time over the sampled wall time: the share of one core the process used.
        "cpu_percent": round(100 * (cpu[-1] - cpu[0]) / ((points[-1][0] - points[0][0]) * 60), 1) if len(points) > 1 else None,
    }
    print(json.dumps(result))


def smaps_mappings(path):
    """Resident KB per mapping name in one /proc/PID/smaps copy; anonymous mappings are told apart by address."""
    resident = {}
    name = None
    with open(path) as lines:
        for line in lines:
            fields = line.split()
            if not fields:
                continue
            if "-" in fields[0] and not fields[0].endswith(":"):
                # A mapping's header: address range, permissions, offset, device, inode, then a path or nothing.
                name = fields[5] if len(fields) > 5 else "[anon " + fields[0].split("-")[0] + "]"
            elif fields[0] == "Rss:" and name is not None:
                resident[name] = resident.get(name, 0) + int(fields[1])
    return resident


def smaps_growth(folder, count="12"):
    """The mappings whose resident memory grew most between the middle and the last of the smaps copies."""
    copies = sorted((int(f), os.path.join(folder, f)) for f in os.listdir(folder) if f.isdigit())
    if len(copies) < 2:
        print(json.dumps({"error": f"{folder}: fewer than two smaps copies"}))
        return 1
    (start_s, start), (end_s, end) = copies[len(copies) // 2], copies[-1]
    before, after = smaps_mappings(start), smaps_mappings(end)
    # Anonymous mappings come and go with their addresses: summed, they say what malloc and the runtime hold.
    def grouped(resident):
        total = {}
        for name, kb in resident.items():
            key = "[anonymous, all]" if name.startswith("[anon ") else name
            total[key] = total.get(key, 0) + kb
        return total
    before, after = grouped(before), grouped(after)
    growth = sorted(((after.get(n, 0) - before.get(n, 0), n) for n in set(before) | set(after)), reverse=True)
    print(json.dumps({
        "from_s": start_s, "to_s": end_s,
        "total_growth_kb": sum(after.values()) - sum(before.values()),
        "largest": [{"mapping": n, "kb": kb, "kb_at_end": after.get(n, 0)} for kb, n in growth[:int(count)]],
    }, indent=1))
    return 0


def rounded(value):
    return None if value is None else round(value, 1)


def read_jsonl(path):
    """The readings of a jsonl file; a last line cut short (a killed writer) is left out and reported."""
    readings, torn = [], 0
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if not line.strip():
                continue
            try:
                readings.append(json.loads(line))
            except ValueError:
                torn += 1
    return readings, torn


def same_reading(a, b):
    return a.get("seq") == b.get("seq") and a.get("arousal") == b.get("arousal") and a.get("valence") == b.get("valence")


def readings(printed_path, exported_path):
    """
    Compares what live printed with what its recording holds: the recording must be the printed stream, reading for
    reading (sequence numbers and values), from the first one; at most one reading may be missing at either end,
    as a reading in flight to one sink when the process stops can be in one output and not yet in the other.
    """
    printed, printed_torn = read_jsonl(printed_path)
    recorded, recorded_torn = read_jsonl(exported_path)
    common = min(len(printed), len(recorded))
    mismatch = next((i for i in range(common) if not same_reading(printed[i], recorded[i])), None)
    sequence_gaps = sum(1 for i in range(1, len(recorded)) if recorded[i].get("seq") != recorded[i - 1].get("seq") + 1)
    print(json.dumps({
        "printed": len(printed),
        "printed_torn_lines": printed_torn,
        "recorded": len(recorded),
        "recorded_torn_lines": recorded_torn,
        "first_mismatch": mismatch,
        "sequence_gaps": sequence_gaps,
        "first_seq": recorded[0].get("seq") if recorded else None,
    }))


def killed(printed_path, exported_path, export_exit, export_stderr_path):
    """
    The verdict on one recording whose writer was killed (-9): it must read back to its last complete reading.
    Exact: the export succeeded and holds the printed readings from the first, reading for reading, with at most
    one reading of difference (the one in flight to one output and not the other when the kill came); or, killed
    before the first reading was recorded, the reader said so in its documented way (no such recording: killed before
    the file was created; empty; or no readings; exit 3) and at most one reading had been printed.
    """
    printed, _ = read_jsonl(printed_path)
    recorded, _ = read_jsonl(exported_path) if os.path.exists(exported_path) else ([], 0)
    with open(export_stderr_path, encoding="utf-8", errors="replace") as text:
        said = text.read().strip()
    export_exit = int(export_exit)
    agree = all(same_reading(p, r) for p, r in zip(printed, recorded))
    contiguous = all(r.get("seq") == i for i, r in enumerate(recorded))
    if export_exit == 0:
        exact = agree and contiguous and abs(len(printed) - len(recorded)) <= 1
        kind = "torn tail" if "cut short" in said else "whole"
    else:
        documented = ("no such recording", "is empty", "no readings")
        exact = export_exit == 3 and any(words in said for words in documented) and len(printed) <= 1 and not recorded
        kind = "before the first reading"
    print(json.dumps({"exact": exact, "kind": kind, "printed": len(printed), "recorded": len(recorded),
                      "export_exit": export_exit, "said": said}))


def stats(stderr_path):
    """The last 'live stats' block on live's stderr, as numbers."""
    import re
    with open(stderr_path, encoding="utf-8", errors="replace") as text:
        lines = text.read().splitlines()
    blocks = [i for i, line in enumerate(lines) if line.startswith("live stats after")]
    result = {"stats_blocks": len(blocks)}
    if not blocks:
        print(json.dumps(result))
        return
    block = lines[blocks[-1]:blocks[-1] + 12]
    counters = next((line for line in block if line.strip().startswith("frames ")), "")
    match = re.search(r"frames (\d+), readings (\d+); dropped: (.*); ring overruns (\d+)", counters)
    if match:
        drops = [int(n) for n in re.findall(r" (\d+)(?:,|$)", match.group(3))]
        result.update(frames=int(match.group(1)), readings=int(match.group(2)), drops=sum(drops),
                      drops_by_channel=match.group(3), overruns=int(match.group(4)))
    memory = next((line for line in block if line.strip().startswith("memory:")), "")
    match = re.search(r"managed heap ([\d.]+) MB, collections (\d+)/(\d+)/(\d+)", memory)
    if match:
        result.update(managed_heap_mb=float(match.group(1)), gc=[int(match.group(i)) for i in (2, 3, 4)])
    heaps = []
    for start in blocks:
        for line in lines[start:start + 12]:
            found = re.search(r"managed heap ([\d.]+) MB", line)
            if found:
                heaps.append(float(found.group(1)))
    result["managed_heap_mb_each_block"] = heaps
    print(json.dumps(result))


def live_summary(path):
    """Two lines for a person: memory over the run, and what went where."""
    with open(path) as source:
        run = json.load(source)
    rss, counters, readings, osc = run["rss"], run["stats"], run["readings"], run["osc"]
    print(f"live: {rss['minutes']} min; RSS {rss['start_kb']} -> {rss['end_kb']} KB (max {rss['max_kb']}),"
          f" slope {rss['slope_kb_per_min']} KB/min (second half {rss['slope_second_half_kb_per_min']});"
          f" {rss['cpu_percent']} % of a core; load average {rss['load_mean']} mean, {rss['load_max']} max")
    print(f"live: frames {counters.get('frames')}, readings {counters.get('readings')}, printed {readings.get('printed')},"
          f" OSC {osc.get('readings')}, recorded {readings.get('recorded')}; drops {counters.get('drops')}"
          f" ({counters.get('drops_by_channel')}), overruns {counters.get('overruns')};"
          f" managed heap {counters.get('managed_heap_mb_each_block')} MB")


def main(argv):
    commands = {
        "free-port": lambda: free_port(argv[2]),
        "osc-count": lambda: osc_count(argv[2], argv[3]),
        "rss": lambda: rss(argv[2]),
        "readings": lambda: readings(argv[2], argv[3]),
        "stats": lambda: stats(argv[2]),
        "live-summary": lambda: live_summary(argv[2]),
        "killed": lambda: killed(argv[2], argv[3], argv[4], argv[5]),
        "smaps-growth": lambda: smaps_growth(*argv[2:4]),
    }
    if len(argv) < 2 or argv[1] not in commands:
        sys.stderr.write(__doc__)
        return 2
    commands[argv[1]]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
