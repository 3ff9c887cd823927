#!/usr/bin/env python3
"""Issue 4's figures for a built returnsd: time to READY=1, resident memory idle and under load, supervisor
requests per second while scanning, and how much they slow scanning. Everything runs on this machine:
a FIFO as the scanner, the daemon's own Unix socket, a datagram socket playing systemd.

    Benchmarks/daemon/daemon-bench.py BIN_DIR [SCANS]
"""
import json, os, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchstation  # noqa: E402  (beside this script)

bin_dir = sys.argv[1]
scans = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
root = tempfile.mkdtemp(prefix="daemon-bench-")
examples = os.path.join(os.path.dirname(__file__), "..", "..", "Examples")

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

def request(path):
    return benchstation.request(f"{root}/sup.sock", path)

def journal_count():
    return json.loads(request("/v1/status"))["devices"][0]["scans"]

def start():
    return benchstation.start_notified(bin_dir, root)

def feed(count, offset):
    # The order's line holds plenty; every scan is an accepted item except the order scan.
    fd = os.open(f"{root}/scans.fifo", os.O_WRONLY)
    lines = ["SO-B"] + ["4006381333931"] * (count - 1)
    os.write(fd, ("\n".join(lines) + "\n").encode())
    os.close(fd)
    began = time.monotonic()
    while journal_count() < offset + count:
        time.sleep(0.01)
    return count / (time.monotonic() - began)

benchstation.prepare(bin_dir, root)

ready = []
for _ in range(5):
    proc, seconds = start()
    ready.append(seconds)
    proc.terminate(); proc.wait()
proc, _ = start()
time.sleep(1)
idle = rss_kib(proc.pid)

quiet = feed(scans, 0)
loaded_rss = rss_kib(proc.pid)

def with_supervisors(clients, pause, offset):
    """Scans `scans` more while `clients` supervisors query, each pausing `pause` s between requests."""
    stop = threading.Event()
    served = [0]
    def ask():
        while not stop.is_set():
            request("/v1/status")
            served[0] += 1
            if pause:
                time.sleep(pause)
    threads = [threading.Thread(target=ask) for _ in range(clients)]
    t0 = time.monotonic()
    for t in threads: t.start()
    rate = feed(scans, offset)
    stop.set()
    for t in threads: t.join()
    return rate, served[0] / (time.monotonic() - t0)

light, light_rps = with_supervisors(1, 0.1, scans)       # a dashboard polling ten times a second
busy, rps = with_supervisors(4, 0, 2 * scans)            # four clients asking as fast as they can
peak = rss_kib(proc.pid)
proc.terminate(); proc.wait()

ready.sort()
print("| measure | figure |")
print("|---|---|")
print(f"| start to READY=1 (median of 5, store open, device started, socket listening) | {ready[2]*1000:.0f} ms (min {ready[0]*1000:.0f}, max {ready[-1]*1000:.0f}) |")
print(f"| resident memory idle | {idle/1024:.1f} MiB |")
print(f"| resident memory after {scans} scans / with supervisors hammering | {loaded_rss/1024:.1f} MiB / {peak/1024:.1f} MiB |")
print(f"| scans stored per second, one operator lane, nobody asking | {quiet:.0f} |")
print(f"| scans stored per second while a dashboard polls 10×/s | {light:.0f} ({(light/quiet-1)*100:+.0f} %) |")
print(f"| scans stored per second while 4 clients query flat out | {busy:.0f} ({(busy/quiet-1)*100:+.0f} %), {rps:.0f} requests/s answered |")
