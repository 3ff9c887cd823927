#!/usr/bin/env python3
"""Issue 13 scope 6: one keyboard-wedge capture through the daemon and through a small Python pipeline of the kind
an IoT box runs, side by side, same durability, same disk, same run.

    Benchmarks/daemon/iotbox-peer.py BIN_DIR [SCANS] [ROUNDS]

The capture is what `cat /dev/input/eventN` gives for a scanner typing returns of 19 items on a US keyboard
(order SO-B, 19 × 4006381333931, CMD:CLOSE; MSC_SCAN, EV_KEY and SYN_REPORT per key change, Shift around
capitals), 24-byte input_event records. Both sides read it from a FIFO this script writes, as fast as they take it:

* the peer: a Python process shaped like the Odoo IoT box's keyboard driver (records → scancode keymap with Shift →
  a barcode at Enter) that INSERTs each scan and commits it, one transaction per scan, on a connection given the
  settings the daemon's writer reports in `GET /v1/status` (`storeWriter`) and read back from that connection;
* the daemon: `returnsd run` with a keyboard-wedge device on the FIFO (a capture replay), which decodes through
  libxkbcommon, matches every scan against the order, keeps the sessions and writes the return notes; each scan is on
  disk before it is acknowledged, and scans that wait together share a transaction (group commit).

The peer's time ends at its last commit; the daemon's when `GET /v1/status` (asked every 10 ms) counts every scan.
Rounds alternate which side goes first; every round starts from empty stores. Prints a Markdown table.
"""
import json, os, sqlite3, statistics, struct, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchstation  # noqa: E402  (beside this script)

DIGITS = {c: 2 + i for i, c in enumerate("123456789")} | {"0": 11}
LETTERS = dict(zip("qwertyuiop", range(16, 26))) | dict(zip("asdfghjkl", range(30, 39))) | dict(zip("zxcvbnm", range(44, 51)))
SHIFT, ENTER, MINUS, SEMICOLON = 42, 28, 12, 39


def capture(lines, gap_us=500):
    """input_event records (struct timeval of two int64, u16 type, u16 code, s32 value) for `lines` typed and Entered."""
    out, t = bytearray(), 1_000_000
    def change(code, value):
        nonlocal t
        for record in ((4, 4, 0x70000 + code), (1, code, value), (0, 0, 0)):  # MSC_SCAN, EV_KEY, SYN_REPORT
            out.extend(struct.pack("<qqHHi", t // 1_000_000, t % 1_000_000, *record))
        t += gap_us
    for line in lines:
        for c in line:
            shifted = c.isupper() or c == ":"
            code = MINUS if c == "-" else SEMICOLON if c == ":" else DIGITS.get(c) or LETTERS[c.lower()]
            if shifted: change(SHIFT, 1)
            change(code, 1); change(code, 0)
            if shifted: change(SHIFT, 0)
        change(ENTER, 1); change(ENTER, 0)
    return bytes(out)


def peer(fifo, db_path, writer_json, expected):
    """The IoT-box pipeline: runs in its own process (`--peer`), prints its settings and the time of its last commit."""
    writer = json.loads(writer_json)
    db = benchstation.connect_as_writer(db_path, writer)
    db.execute("CREATE TABLE scans (id INTEGER PRIMARY KEY, device TEXT NOT NULL, barcode TEXT NOT NULL, scanned_at REAL NOT NULL)")
    print(json.dumps(benchstation.settings_of(db, writer)), flush=True)
    keymap = {code: c for c, code in (DIGITS | LETTERS).items()} | {MINUS: "-", SEMICOLON: ";"}
    shifted = {MINUS: "_", SEMICOLON: ":"}
    fd = os.open(fifo, os.O_RDONLY)
    pending, barcode, shift, stored = b"", [], False, 0
    while stored < expected:
        chunk = os.read(fd, 24 * 64)  # what one read of an evdev node returns at most, with python-evdev's buffer
        if not chunk: break
        pending += chunk
        whole = len(pending) - len(pending) % 24
        for _sec, _usec, etype, code, value in struct.iter_unpack("<qqHHi", pending[:whole]):
            if etype != 1: continue
            if code == SHIFT: shift = value != 0; continue
            if value != 1: continue
            if code == ENTER:
                db.execute("BEGIN")
                db.execute("INSERT INTO scans(device, barcode, scanned_at) VALUES (?, ?, ?)", ("wedge", "".join(barcode), time.time()))
                db.execute("COMMIT")
                stored, barcode = stored + 1, []
            elif code in keymap:
                c = keymap[code]
                barcode.append(shifted.get(code, c.upper()) if shift else c)
        pending = pending[whole:]
    print(json.dumps({"done": time.monotonic(), "stored": stored, "rows": db.execute("SELECT count(*) FROM scans").fetchone()[0]}), flush=True)


def feed(fifo, data):
    fd = os.open(fifo, os.O_WRONLY)  # blocks until the reader has it open
    began = time.monotonic()
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.close(fd)
    return began


def run_peer(root, writer, data, expected):
    fifo = f"{root}/peer.fifo"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, __file__, "--peer", fifo, f"{root}/peer.sqlite", json.dumps(writer), str(expected)],
                            stdout=subprocess.PIPE, text=True)
    settings = json.loads(proc.stdout.readline())
    began = feed(fifo, data)
    result = json.loads(proc.stdout.readline())
    proc.wait()
    assert result["rows"] == expected, result
    return expected / (result["done"] - began), settings


def run_daemon(bin_dir, root, data, expected):
    device = f'id = "wedge"\nkind = "keyboard-wedge"\npath = "{root}/wedge.fifo"\nlayout = "us"\n'
    os.mkfifo(f"{root}/wedge.fifo")
    benchstation.prepare(bin_dir, root, device=device)
    proc = subprocess.Popen([f"{bin_dir}/returnsd", "run", "--config", f"{root}/returnsd.toml"],
                            stdout=open(f"{root}/daemon.log", "w"), stderr=subprocess.STDOUT)
    sock = f"{root}/sup.sock"
    status = lambda: json.loads(benchstation.request(sock, "/v1/status"))
    benchstation.wait_devices_reading(sock, proc)
    writer = status()["storeWriter"]
    began = [0.0]
    feeder = threading.Thread(target=lambda: began.__setitem__(0, feed(f"{root}/wedge.fifo", data)))
    feeder.start()
    benchstation.wait_until(lambda: status()["devices"][0]["scans"] >= expected, f"all {expected:,} scans stored", proc)
    ended = time.monotonic()
    feeder.join()
    metrics = benchstation.request(sock, "/metrics").decode()
    commits = int(next(l for l in metrics.splitlines() if l.startswith("returnstation_store_commits_total ")).split()[1])
    assert "returnstation_reads_dropped_total{" not in metrics, "the daemon dropped reads"
    proc.terminate(); proc.wait()
    return expected / (ended - began[0]), writer, commits


def main():
    bin_dir = sys.argv[1]
    scans = int(sys.argv[2]) if len(sys.argv) > 2 else 21_000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    returns = max(1, scans // 21)
    lines = (["SO-B"] + ["4006381333931"] * 19 + ["CMD:CLOSE"]) * returns
    data = capture(lines)
    print(f"# {len(lines)} scans, {len(data) / 1e6:.1f} MB of input_event records; SQLite {sqlite3.sqlite_version} (Python), "
          f"the daemon links the system libsqlite3")
    print("| round | flush probe p50 / p99 ms | Python peer scans/s (commits) | daemon scans/s (commits) | daemon ÷ peer |")
    print("|---|---|---|---|---|")
    peers, daemons = [], []
    for r in range(rounds):
        root = tempfile.mkdtemp(prefix="iotbox-peer-")
        probe = benchstation.flush_probe(root)
        order = ["daemon", "peer"] if r % 2 == 0 else ["peer", "daemon"]
        for side in order:
            if side == "daemon":
                os.makedirs(f"{root}/daemon")
                d_rate, writer, commits = run_daemon(bin_dir, f"{root}/daemon", data, len(lines))
            else:
                # Round 1 runs the daemon first, so the peer always has the writer's settings (from this or the last round).
                p_rate, settings = run_peer(root, writer, data, len(lines))
        if settings != {k: str(v) for k, v in writer.items()}:
            print(f"# round {r + 1}: settings differ: daemon {writer}, peer {settings}")
        peers.append(p_rate); daemons.append(d_rate)
        print(f"| {r + 1} ({' first, '.join(order)} second) | {probe[0]:.2f} / {probe[1]:.2f} | {p_rate:,.0f} ({len(lines):,}) | "
              f"{d_rate:,.0f} ({commits:,}) | {d_rate / p_rate:.2f} |", flush=True)
    print(f"| median | | {statistics.median(peers):,.0f} | {statistics.median(daemons):,.0f} | "
          f"{statistics.median(daemons) / statistics.median(peers):.2f} |")
    print(f"# settings both connections reported: {settings}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--peer"]:
        peer(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        main()
