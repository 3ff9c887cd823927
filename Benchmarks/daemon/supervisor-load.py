#!/usr/bin/env python3
"""Issue 13, scope 3: does a busy supervisor slow scanning? One `returnsd run` on a FIFO scanner, SCANS scans
written at once (the lane flat out: returns of 19 items each, order scan to CMD:CLOSE, so every 21st scan writes a
note), in three conditions, interleaved ROUNDS times in one run:
  quiet    nobody asking
  polled   16 clients each polling /v1/status ten times a second, and 4 event-stream (SSE) subscribers reading
  hammered 16 clients polling /v1/status as fast as they can, and the 4 subscribers
The end of a run is seen by polling /v1/devices (the committed scans per device, from memory in every version
of the daemon, so the polling costs the same with both binaries compared: about 50 small requests a second);
the scan → acknowledgement latency comes from the daemon's histogram (returnstation_scan_latency_seconds, bucket
edges, read once before and once after each run). The order of the conditions rotates each round, so none
always runs on the largest store.
The clients are Python threads on the same two cores as the daemon.

Each condition runs twice per round: flat out (the rate) and paced at PACE scans/s (the latency, which flat
out only measures the queue).

    Benchmarks/daemon/supervisor-load.py BIN_DIR [SCANS] [ROUNDS] [PACE]      defaults: 3000, 3, 200
"""
import json, os, socket, statistics, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchstation  # noqa: E402  (beside this script)

bin_dir = sys.argv[1]
scans = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
pace = float(sys.argv[4]) if len(sys.argv) > 4 else 200.0
root = tempfile.mkdtemp(prefix="supervisor-load-")
sock_path = f"{root}/sup.sock"

def request(path):
    return benchstation.request(sock_path, path)

def metrics():
    counted, buckets = 0, {}
    for line in request("/metrics").decode().splitlines():
        if line.startswith("returnstation_scans_total{") or line.startswith("returnstation_reads_dropped_total{"):
            counted += int(line.rsplit(" ", 1)[1])
        elif line.startswith("returnstation_scan_latency_seconds_bucket"):
            le = line.split('le="')[1].split('"')[0]
            buckets[float("inf") if le == "+Inf" else float(le)] = int(line.rsplit(" ", 1)[1])
    return counted, buckets

def quantile(before, after, q):
    edges = sorted(after)
    counts = [after[e] - before.get(e, 0) for e in edges]
    for edge, count in zip(edges, counts):
        if count >= q * counts[-1]:
            return edge
    return float("inf")

class Supervisors:
    """16 status pollers (pause between requests, 0 = flat out) and 4 event-stream readers."""
    def __init__(self, pause, pollers=16, streams=4):
        self.pause, self.stop, self.answered, self.events = pause, threading.Event(), [0] * pollers, [0] * streams
        self.threads = [threading.Thread(target=self.poll, args=(i,)) for i in range(pollers)]
        self.threads += [threading.Thread(target=self.subscribe, args=(i,)) for i in range(streams)]
    def poll(self, i):
        while not self.stop.is_set():
            json.loads(request("/v1/status"))
            self.answered[i] += 1
            if self.pause:
                self.stop.wait(self.pause)
    def subscribe(self, i):
        s = socket.socket(socket.AF_UNIX)
        s.connect(sock_path)
        s.settimeout(0.2)
        s.sendall(b"GET /v1/events HTTP/1.1\r\nHost: s\r\n\r\n")
        while not self.stop.is_set():
            try:
                self.events[i] += s.recv(65536).count(b"data:")
            except socket.timeout:
                pass
        s.close()
    def __enter__(self):
        self.began = time.monotonic()
        for t in self.threads: t.start()
        time.sleep(0.5)  # every subscriber connected and every poller going before the scans start
        return self
    def __exit__(self, *_):
        self.stop.set()
        for t in self.threads: t.join()
        self.requests_per_s = sum(self.answered) / (time.monotonic() - self.began)

def feed(offset, pace=None):
    """Writes the scans at once (pace None) or `pace` a second; returns (scans/s, p50, p99) once all are counted."""
    _, before = metrics()
    fd = os.open(f"{root}/scans.fifo", os.O_WRONLY)
    began = time.monotonic()
    if pace is None:
        os.write(fd, ("\n".join(lines) + "\n").encode())
    else:
        for i, line in enumerate(lines):
            delay = began + i / pace - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            os.write(fd, (line + "\n").encode())
    os.close(fd)
    while committed() < offset + len(lines):
        time.sleep(0.02)
    elapsed = time.monotonic() - began
    _, after = metrics()
    return len(lines) / elapsed, quantile(before, after, 0.5), quantile(before, after, 0.99)

def committed():
    return sum(device["scans"] for device in json.loads(request("/v1/devices")))

lines = (["SO-B"] + ["4006381333931"] * 19 + ["CMD:CLOSE"]) * max(1, scans // 21)
# Root's own clients: 16 pollers + 4 streams + the counter reads need more than the per-user default of 16.
benchstation.prepare(bin_dir, root, "max_connections_per_user = 64\n")
daemon = subprocess.Popen([f"{bin_dir}/returnsd", "run", "--config", f"{root}/returnsd.toml"],
                          stdout=open(f"{root}/log", "w"), stderr=subprocess.STDOUT)
for _ in range(200):
    if os.path.exists(sock_path):
        break
    time.sleep(0.05)
time.sleep(0.5)

# Each condition: (pause between a poller's requests, pollers, event streams).
conditions = {"quiet": None, "polled": (0.1, 16, 4), "hammered": (0, 16, 4)}
if os.environ.get("SPLIT"):  # which of the two costs what
    conditions.update({"polled, no streams": (0.1, 16, 0), "streams only": (0.1, 0, 4)})
results = {mode: [] for mode in conditions}
paced = {mode: [] for mode in conditions}
load = {mode: [] for mode in conditions if conditions[mode]}
offset = 0
for round in range(rounds):
    order = list(results)
    for mode in order[round % len(order):] + order[:round % len(order)]:
        for target, speed in [(results, None), (paced, pace)]:
            if mode == "quiet":
                target[mode].append(feed(offset, speed))
            else:
                with Supervisors(*conditions[mode]) as clients:
                    target[mode].append(feed(offset, speed))
                load[mode].append((clients.requests_per_s, sum(clients.events)))
            offset += len(lines)
daemon.terminate(); daemon.wait()

def ms(seconds):
    return "∞" if seconds == float("inf") else f"{seconds * 1000:g} ms"
quiet_rate = statistics.median(r for r, _, _ in results["quiet"])
print(f"| condition ({len(lines)} scans per run, median of {rounds}) | flat out: scans/s | vs quiet | at {pace:.0f}/s: ack p50 ≤ | ack p99 ≤ | status requests/s answered | events streamed |")
print("|---|---|---|---|---|---|---|")
for mode, runs in results.items():
    rate = statistics.median(r for r, _, _ in runs)
    p50 = statistics.median(p for _, p, _ in paced[mode])
    p99 = statistics.median(p for _, _, p in paced[mode])
    rps = f"{statistics.median(r for r, _ in load[mode]):.0f}" if mode in load and conditions[mode][1] else "—"
    events = f"{sum(e for _, e in load[mode])}" if mode in load else "—"
    print(f"| {mode} | {rate:.0f} | {(rate / quiet_rate - 1) * 100:+.1f} % | {ms(p50)} | {ms(p99)} | {rps} | {events} |")
print("every flat-out run: " + "; ".join(f"{mode} " + ", ".join(f"{r:.0f}/s" for r, _, _ in runs) for mode, runs in results.items()))
print("every paced run: " + "; ".join(f"{mode} " + ", ".join(f"{r:.0f}/s p99≤{ms(p)}" for r, _, p in runs) for mode, runs in paced.items()))
