#!/usr/bin/python3
"""Load for `serve`, from this machine only (127.0.0.1), standard library only.

    serve_load.py PORT SECONDS CLIENTS REQUESTS MAX_UPLOAD_BYTES OUT.json

For SECONDS, at once:
- CLIENTS WebSocket clients on /readings, each counting the readings (text frames) it gets and how it ended;
- REQUESTS POST /analyze spread evenly over the time, a mix of valid WAVs, uploads over the size limit, WAVs cut
  short, uploads the client abandons half way, and slow uploads (slowloris: a few bytes a second, headers or body)
  that the server must cut off by its own timeouts; the reply of each, by kind and status;
- GET /health every 100 ms on one kept-alive connection (from a process of its own), its latency (p50, p99, max)
  and any failure.
Also: serve_load.py health PORT SECONDS OUT.json (the /health poller alone, with its control server), and
serve_load.py control PORT_FILE (that control server).
Writes the figures to OUT.json and prints a short summary. The pass/fail decision is serve.sh's.
"""

import base64
import http.client
import http.server
import io
import json
import math
import os
import random
import socket
import struct
import subprocess
import sys
import threading
import time
import wave

HOST = "127.0.0.1"
SLOW_GIVE_UP_SECONDS = 90  # a slow upload the server has not cut off by then counts as not cut off


def make_wav(seconds, seed):
    """A tone with a little noise, 16-bit mono 44.1 kHz: something the model reads as music enough."""
    rng = random.Random(seed)
    rate = 44100
    frames = bytearray()
    for i in range(int(seconds * rate)):
        value = 0.3 * math.sin(2 * math.pi * 440 * i / rate) + 0.05 * (rng.random() - 0.5)
        frames += struct.pack("<h", int(value * 32767))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


class Tally:
    """Counts shared by the threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = {}

    def add(self, kind, outcome):
        with self.lock:
            self.requests.setdefault(kind, {}).setdefault(outcome, 0)
            self.requests[kind][outcome] += 1


def read_status(sock, timeout):
    """Reads an HTTP response's status code from SOCK (and drains it); 'closed' or 'timeout' when none came."""
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                return "closed" if not data else "garbled"
            data += chunk
        # Drain the rest briefly, so the server's close is not a reset.
        sock.settimeout(2)
        try:
            while sock.recv(65536):
                pass
        except (socket.timeout, OSError):
            pass
    except socket.timeout:
        return "timeout"
    except ConnectionResetError:
        return "reset" if not data else status_of(data)
    return status_of(data)


def status_of(data):
    parts = data.split(b"\r\n", 1)[0].split()
    return parts[1].decode() if len(parts) >= 2 else "garbled"


def post(port, body, declared_length=None, send_bytes=None, pace=None, headers_slowly=False):
    """
    POST /analyze over a raw socket, to control exactly what is sent: DECLARED_LENGTH in Content-Length (default the
    body's), SEND_BYTES of the body (default all), PACE seconds between single bytes (slowloris), and with
    HEADERS_SLOWLY the headers themselves a byte at a time. Returns (outcome, seconds).
    """
    start = time.perf_counter()
    declared = len(body) if declared_length is None else declared_length
    head = (f"POST /analyze HTTP/1.1\r\nHost: {HOST}:{port}\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {declared}\r\nConnection: close\r\n\r\n").encode()
    payload = body if send_bytes is None else body[:send_bytes]
    try:
        sock = socket.create_connection((HOST, port), timeout=30)
    except OSError as error:
        return f"connect-failed:{error.__class__.__name__}", time.perf_counter() - start
    with sock:
        try:
            if headers_slowly:
                for byte in head:
                    sock.sendall(bytes([byte]))
                    time.sleep(pace)
                    if time.perf_counter() - start > SLOW_GIVE_UP_SECONDS:
                        return "not-cut-off", time.perf_counter() - start
                sock.sendall(payload)
            elif pace is not None:
                sock.sendall(head)
                for i in range(len(payload)):
                    sock.sendall(payload[i:i + 1])
                    time.sleep(pace)
                    if time.perf_counter() - start > SLOW_GIVE_UP_SECONDS:
                        return "not-cut-off", time.perf_counter() - start
            else:
                sock.sendall(head)
                sock.sendall(payload)
            if send_bytes is not None and send_bytes < declared:
                # The client gives up half way: it closes, and there is nobody to answer.
                sock.shutdown(socket.SHUT_RDWR)
                return "abandoned", time.perf_counter() - start
        except (BrokenPipeError, ConnectionResetError):
            # The server answered and closed before the whole body went (an early 413 or 429, or a timeout).
            pass
        except socket.timeout:
            return "send-timeout", time.perf_counter() - start
        return read_status(sock, 60), time.perf_counter() - start


def websocket_client(port, seconds, results, index):
    """One WebSocket client on /readings: a handshake by hand, then frames read until SECONDS pass."""
    outcome = {"readings": 0, "end": None}
    results[index] = outcome
    try:
        sock = socket.create_connection((HOST, port), timeout=30)
    except OSError as error:
        outcome["end"] = f"connect-failed:{error.__class__.__name__}"
        return
    with sock:
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall((f"GET /readings HTTP/1.1\r\nHost: {HOST}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        reader = sock.makefile("rb")
        status = reader.readline()
        if b" 101 " not in status:
            outcome["end"] = "refused:" + status.decode(errors="replace").strip()
            return
        while reader.readline() not in (b"\r\n", b""):
            pass
        deadline = time.monotonic() + seconds
        # Readings come twice a second and pings every 20 s: 30 s of silence is a stalled server.
        sock.settimeout(30)
        while time.monotonic() < deadline:
            try:
                header = reader.read(2)
            except socket.timeout:
                outcome["end"] = "silent-30s"
                return
            except OSError as error:
                outcome["end"] = f"error:{error.__class__.__name__}"
                return
            if len(header) < 2:
                outcome["end"] = "closed-by-server"
                return
            opcode, length = header[0] & 0x0F, header[1] & 0x7F
            if length == 126:
                length = struct.unpack(">H", reader.read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", reader.read(8))[0]
            payload = reader.read(length)
            if opcode == 0x1 or opcode == 0x2:
                outcome["readings"] += 1
            elif opcode == 0x8:
                outcome["end"] = "closed-by-server"
                return
            elif opcode == 0x9:
                # A ping: answer with a pong carrying the same bytes (client frames are masked).
                mask = os.urandom(4)
                masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
                sock.sendall(bytes([0x8A, 0x80 | len(payload)]) + mask + masked)
        # A clean close from the client's side.
        mask = os.urandom(4)
        code = struct.pack(">H", 1000)
        sock.sendall(bytes([0x88, 0x82]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(code)))
        outcome["end"] = "ran-the-whole-time"


class Poller:
    """GET /health on one kept-alive connection to one server; the latency of each answer, and every failure."""

    def __init__(self, port):
        self.port = port
        self.samples, self.failures = [], []
        self.connection = http.client.HTTPConnection(HOST, port, timeout=5)

    def poll(self):
        start = time.perf_counter()
        try:
            self.connection.request("GET", "/health")
            response = self.connection.getresponse()
            response.read()
            if response.status == 200:
                self.samples.append(time.perf_counter() - start)
            else:
                self.failures.append(f"status {response.status}")
        except (OSError, http.client.HTTPException) as error:
            self.failures.append(error.__class__.__name__)
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=5)


class ControlHandler(http.server.BaseHTTPRequestHandler):
    """The control server's one answer: 200 and two bytes, kept alive."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *_):
        pass


def control_server(port_file):
    """A trivial HTTP server in a process of its own; its port goes to PORT_FILE."""
    server = http.server.ThreadingHTTPServer((HOST, 0), ControlHandler)
    with open(port_file + ".tmp", "w") as out:
        out.write(str(server.server_address[1]))
    os.replace(port_file + ".tmp", port_file)
    server.serve_forever()


def health_poller(port, seconds, out_path):
    """
    GET /health every 100 ms, and the same of a trivial control server right after: on a busy machine the time a
    process waits for a core is in every latency measured, and the control's latency shows how much of it is the
    machine's. Runs as a process of its own: among the load's threads, waiting for Python's interpreter lock
    would be counted as the server's latency. Writes both to OUT_PATH.
    """
    port_file = out_path + ".control-port"
    control = subprocess.Popen([sys.executable, os.path.abspath(__file__), "control", port_file])
    try:
        while not os.path.exists(port_file):
            time.sleep(0.05)
        with open(port_file) as text:
            control_port = int(text.read())
        serve, trivial = Poller(port), Poller(control_port)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            start = time.perf_counter()
            serve.poll()
            trivial.poll()
            time.sleep(max(0.0, 0.1 - (time.perf_counter() - start)))
    finally:
        control.kill()
        control.wait()
        if os.path.exists(port_file):
            os.remove(port_file)
    with open(out_path, "w") as out:
        json.dump({"samples": serve.samples, "failures": serve.failures,
                   "control_samples": trivial.samples, "control_failures": trivial.failures}, out)


def percentile(sorted_values, fraction):
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, int(math.ceil(fraction * len(sorted_values))) - 1)]


def plan_requests(count, max_upload, seed):
    """The kinds of upload, in a shuffled order: mostly valid, and every kind of bad one."""
    rng = random.Random(seed)
    kinds = []
    shares = [("valid", 0.55), ("oversize", 0.1), ("cut-wav", 0.1), ("abandoned", 0.1),
              ("slow-body", 0.075), ("slow-headers", 0.075)]
    for kind, share in shares:
        kinds += [kind] * int(round(count * share))
    kinds = (kinds + ["valid"] * count)[:count]
    rng.shuffle(kinds)
    return kinds


def send_one(port, kind, wavs, max_upload, tally, timings):
    wav = random.choice(wavs)
    if kind == "valid":
        outcome, seconds = post(port, wav)
    elif kind == "oversize":
        outcome, seconds = post(port, b"\0" * (max_upload + 1_000_000))
    elif kind == "cut-wav":
        # A WAV whose header promises more samples than it holds, sent whole: the server reads what is there.
        outcome, seconds = post(port, wav[: len(wav) // 3])
    elif kind == "abandoned":
        outcome, seconds = post(port, wav, send_bytes=len(wav) // 2)
    elif kind == "slow-body":
        outcome, seconds = post(port, wav, pace=1.0)
    else:
        outcome, seconds = post(port, wav, pace=1.0, headers_slowly=True)
    tally.add(kind, outcome)
    with tally.lock:
        timings.setdefault(kind, []).append(seconds)


def main(argv):
    if argv[1:2] == ["health"]:
        health_poller(int(argv[2]), int(argv[3]), argv[4])
        return 0
    if argv[1:2] == ["control"]:
        control_server(argv[2])
        return 0
    port, seconds, clients, requests, max_upload = (int(a) for a in argv[1:6])
    out_path = argv[6]
    wavs = [make_wav(2.0, seed) for seed in range(3)]
    tally, timings = Tally(), {}

    health_path = out_path + ".health"
    poller = subprocess.Popen([sys.executable, os.path.abspath(__file__), "health", str(port), str(seconds), health_path])

    socket_results = [None] * clients
    readers = [threading.Thread(target=websocket_client, args=(port, seconds, socket_results, i)) for i in range(clients)]
    for reader in readers:
        reader.start()

    # Requests spread evenly, each on its own thread, as separate clients would be. Slow uploads hold their thread
    # until the server cuts them off (some 35 s for slow headers), so the last ones are sent early enough to end
    # near the end of the run.
    senders = []
    start = time.monotonic()
    spacing = max(seconds * 0.5, seconds - 35) / max(1, requests)
    for i, kind in enumerate(plan_requests(requests, max_upload, seed=7)):
        delay = start + i * spacing - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        sender = threading.Thread(target=send_one, args=(port, kind, wavs, max_upload, tally, timings))
        sender.start()
        senders.append(sender)
    for reader in readers:
        reader.join()
    poller.wait()
    for sender in senders:
        sender.join()
    with open(health_path) as polled:
        health = json.load(polled)
    os.remove(health_path)
    samples, failures = health["samples"], health["failures"]
    control = sorted(health["control_samples"])

    latencies = sorted(samples)
    ended = {}
    for result in socket_results:
        ended[result["end"]] = ended.get(result["end"], 0) + 1
    readings = sorted(result["readings"] for result in socket_results)
    by_status = {}
    for outcomes in tally.requests.values():
        for outcome, n in outcomes.items():
            by_status[outcome] = by_status.get(outcome, 0) + n
    report = {
        "seconds": seconds,
        "health": {
            "polls": len(samples) + len(failures),
            "failures": len(failures),
            "failure_reasons": sorted(set(failures)),
            "p50_ms": round(1000 * percentile(latencies, 0.5), 2) if latencies else None,
            "p99_ms": round(1000 * percentile(latencies, 0.99), 2) if latencies else None,
            "max_ms": round(1000 * latencies[-1], 2) if latencies else None,
            "control_p50_ms": round(1000 * percentile(control, 0.5), 2) if control else None,
            "control_p99_ms": round(1000 * percentile(control, 0.99), 2) if control else None,
            "control_max_ms": round(1000 * control[-1], 2) if control else None,
            "control_failures": len(health["control_failures"]),
        },
        "websocket": {
            "clients": clients,
            "ended": ended,
            "readings_min": readings[0] if readings else 0,
            "readings_max": readings[-1] if readings else 0,
            "readings_total": sum(readings),
        },
        "requests": {
            "sent": sum(by_status.values()),
            "by_status": by_status,
            "by_kind": tally.requests,
            "slowest_seconds_by_kind": {kind: round(max(values), 1) for kind, values in timings.items()},
        },
    }
    with open(out_path, "w") as out:
        json.dump(report, out, indent=1)
    h, w, r = report["health"], report["websocket"], report["requests"]
    print(f"serve: /health {h['polls']} polls, {h['failures']} failed, p50 {h['p50_ms']} ms, p99 {h['p99_ms']} ms, max {h['max_ms']} ms;"
          f" a trivial server beside it: p50 {h['control_p50_ms']} ms, p99 {h['control_p99_ms']} ms, max {h['control_max_ms']} ms")
    print(f"serve: {w['clients']} WebSocket clients: {w['ended']}; readings each {w['readings_min']}-{w['readings_max']}")
    print(f"serve: {r['sent']} POST /analyze: {json.dumps(r['by_status'], sort_keys=True)}")
    for kind, outcomes in sorted(r["by_kind"].items()):
        print(f"         {kind:13} {json.dumps(outcomes, sort_keys=True)} (slowest {r['slowest_seconds_by_kind'][kind]} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
