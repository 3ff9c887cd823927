#!/usr/bin/env python3
"""Scan → durable acknowledgement on one lane, beside raw SQLite (issue 13, scope 1; docs/BENCHMARKS.md).

    Benchmarks/daemon/ack-latency.py BIN_DIR [SCANS_PER_ROUND] [ROUNDS]     defaults: 1000 scans, 3 rounds

The daemon reads a serial scanner on a pseudo-terminal (CR framing) and writes the good-read byte back only after
the scan's transaction is on disk: the time from writing a scan to reading that byte is what an operator waits for.
The baseline is one single-row INSERT per transaction from Python's sqlite3 (the same system libsqlite3 the store
uses) on a connection set up with the settings the daemon's writer reports in `GET /v1/status` (`storeWriter`),
read back from that connection and printed beside them. Both run in the same folder, alternating round by round,
so they see the same disk in the same flush state; a direct probe of the flush latency (4 KiB write + fdatasync)
runs before every round and says which state that was (this disk switches between ~0.2 ms and ~4 ms).
"""
import json, math, os, select, sqlite3, subprocess, sys, tempfile, time, tty

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchstation  # noqa: E402  (beside this script)
from benchstation import prepare, request  # noqa: E402

bin_dir = sys.argv[1]
scans = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
GOOD, BAD = 0x06, 0x15


def percentiles(samples):
    """p50, p99, p99.9 by nearest rank, in ms (with 1,000 samples p99.9 is the largest)."""
    s = sorted(samples)
    at = lambda q: s[max(0, min(len(s) - 1, math.ceil(len(s) * q) - 1))] * 1000
    return at(0.5), at(0.99), at(0.999)


class Daemon:
    def __init__(self, root):
        self.master, slave = os.openpty()
        tty.setraw(slave)
        os.set_blocking(self.master, False)
        os.symlink(os.ttyname(slave), f"{root}/gun.tty")
        self.slave = slave
        prepare(bin_dir, root, device=f'id = "gun"\nkind = "serial"\npath = "{root}/gun.tty"\nframing = "cr"\ngood_read = "06"\nbad_read = "15"\n')
        self.log = open(f"{root}/daemon.log", "w")
        self.process = subprocess.Popen([f"{bin_dir}/returnsd", "run", "--config", f"{root}/returnsd.toml"],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.sock = f"{root}/sup.sock"
        benchstation.wait_devices_reading(self.sock, self.process)
        self.writer = json.loads(request(self.sock, "/v1/status"))["storeWriter"]
        self.sent = 0

    def scan(self, text):
        """Seconds from writing the scan to reading its acknowledgement byte."""
        start = time.perf_counter()
        os.write(self.master, text.encode() + b"\r")
        while True:
            if time.perf_counter() - start > 10:
                raise RuntimeError(f"no acknowledgement for {text!r} within 10 s: see daemon.log")
            select.select([self.master], [], [], 5)
            try:
                data = os.read(self.master, 16)
            except BlockingIOError:
                continue
            if GOOD in data or BAD in data:
                if BAD in data:
                    raise RuntimeError(f"the daemon refused {text!r}: see daemon.log")
                return time.perf_counter() - start

    def round(self, n):
        """All samples, and the item scans' alone (the order scan and CLOSE, 1 in 10, write more than an item)."""
        samples, items = [], []
        for i in range(n):
            # A return of 20: the order, 18 items, the close; every scan acknowledged before the next is written.
            k = self.sent % 20
            text = "SO-B" if k == 0 else ("CMD:CLOSE" if k == 19 else "4006381333931")
            self.sent += 1
            samples.append(self.scan(text))
            if 0 < k < 19:
                items.append(samples[-1])
        return samples, items

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class Raw:
    """One INSERT of a scan-sized row per transaction, on a connection set up as the daemon's writer reports."""
    def __init__(self, root, writer):
        self.db = benchstation.connect_as_writer(f"{root}/raw.sqlite", writer)
        self.db.execute("CREATE TABLE scans (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL, "
                        "outcome TEXT NOT NULL, detail TEXT NOT NULL, scanned_at INTEGER NOT NULL)")
        self.settings = benchstation.settings_of(self.db, writer)
        self.n = 0

    def round(self, n):
        samples = []
        for _ in range(n):
            self.n += 1
            start = time.perf_counter()
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("INSERT INTO scans(id, text, outcome, detail, scanned_at) VALUES (?, ?, ?, ?, ?)",
                            (f"{self.n:08d}-0000-4000-8000-000000000000", "4006381333931", "accepted", "line 1, 1 of 1000000", self.n))
            self.db.execute("COMMIT")
            samples.append(time.perf_counter() - start)
        return samples


root = tempfile.mkdtemp(prefix="ack-latency-", dir=os.environ.get("BENCH_DIR", os.getcwd()))
daemon = Daemon(root)
raw = Raw(root, daemon.writer)
print(f"# daemon's writer (GET /v1/status storeWriter): {json.dumps(daemon.writer, sort_keys=True)}")
print(f"# baseline's connection, read back:            {json.dumps(raw.settings, sort_keys=True)}")
if raw.settings != daemon.writer:
    print("# SETTINGS DIFFER: the comparison is not fair")
print(f"# SQLite: Python's {sqlite3.sqlite_version}; the daemon links the system libsqlite3 (ldd {bin_dir}/returnsd)")
print(f"# folder {root}; {scans} scans per round, {rounds} rounds; the order of raw and daemon alternates by round\n")
print("| round | flush probe p50 / p99 ms | raw SQLite p50 / p99 / p99.9 ms | daemon, all scans | daemon, item scans | p99 ratio (items) |")
print("|---|---|---|---|---|---|")
all_raw, all_daemon, all_items = [], [], []
fmt = lambda p: f"{p[0]:.2f} / {p[1]:.2f} / {p[2]:.2f}"
try:
    for r in range(rounds):
        probe = benchstation.flush_probe(root)
        if r % 2 == 0:
            raw_samples = raw.round(scans)
            daemon_samples, item_samples = daemon.round(scans)
        else:
            daemon_samples, item_samples = daemon.round(scans)
            raw_samples = raw.round(scans)
        all_raw += raw_samples
        all_daemon += daemon_samples
        all_items += item_samples
        rp, dp, ip = percentiles(raw_samples), percentiles(daemon_samples), percentiles(item_samples)
        print(f"| {r + 1} | {probe[0]:.2f} / {probe[1]:.2f} | {fmt(rp)} | {fmt(dp)} | {fmt(ip)} | {ip[1] / rp[1]:.2f} |", flush=True)
    rp, dp, ip = percentiles(all_raw), percentiles(all_daemon), percentiles(all_items)
    print(f"| all | | {fmt(rp)} | {fmt(dp)} | {fmt(ip)} | {ip[1] / rp[1]:.2f} |")
finally:
    daemon.stop()
