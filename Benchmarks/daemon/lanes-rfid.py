#!/usr/bin/env python3
"""Issue 13 scope 2: eight lanes scanning flat out, and RFID totes of 1,000 distinct tags read 20 times each, end to end
through one daemon on pseudo-terminals, beside raw SQLite writing as many rows in transactions of the same size.

    Benchmarks/daemon/lanes-rfid.py BIN_DIR [SCANS_PER_LANE] [TOTES]

Lanes: eight serial scanners (CR framing), each its own lane and order, each typing returns of 19 items (order, 19 ×
4006381333931, CMD:CLOSE) as fast as the daemon reads them. RFID: a reader on a ninth pseudo-terminal
(`EPC,antenna,rssi` CRLF reports, SGTIN-96 tags of one product, 20 passes over the tote's 1,000 tags), in a lane
whose return a FIFO opens (`SO-R`) and closes per tote; repeats inside the de-duplication window are tallied, not
journaled. The batch size is what the daemon did (scans ÷ `returnstation_store_commits_total`); the baseline inserts
the same number of scan-sized rows in transactions of that size from Python's sqlite3 on a connection given the
writer's settings (`GET /v1/status` `storeWriter`, read back). Prints Markdown.
"""
import json, os, statistics, subprocess, sys, tempfile, threading, time, tty, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchstation  # noqa: E402  (beside this script)

LANES = 8
READ_RATE = int(os.environ.get("READ_RATE", "40000"))  # reads/s the tunnel delivers (each tote: 20,000 reads)
JACKET_EPC = 0x3074257BF7194E4000001A85  # SGTIN-96 of GTIN 80614141123458; its low 38 bits are the serial


def pty_device(root, name):
    master, slave = os.openpty()
    tty.setraw(slave)
    os.symlink(os.ttyname(slave), f"{root}/{name}.tty")
    return master, slave


def metric(sock, name):
    text = benchstation.request(sock, "/metrics").decode()
    return sum(float(l.split()[-1]) for l in text.splitlines() if l.startswith(name) and not l.startswith("#"))


def write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def raw_rate(root, name, writer, rows, batch):
    """Rows/s inserting `rows` scan-sized rows in transactions of `batch` rows, one statement per row."""
    path = f"{root}/raw-{name}.sqlite"
    db = benchstation.connect_as_writer(path, writer)
    db.execute("CREATE TABLE scans (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, device TEXT NOT NULL, "
               "text TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL, scanned_at INTEGER NOT NULL)")
    settings = benchstation.settings_of(db, writer)
    began = time.perf_counter()
    done = 0
    while done < rows:
        db.execute("BEGIN")
        for _ in range(min(batch, rows - done)):
            db.execute("INSERT INTO scans(id, device, text, outcome, detail, scanned_at) VALUES (?, ?, ?, ?, ?, ?)",
                       (str(uuid.uuid4()), "lane", "4006381333931", "accepted", "HP-200 line 1: 1 of 1000000", 1796000000000))
        db.execute("COMMIT")
        done += min(batch, rows - done)
    rate = rows / (time.perf_counter() - began)
    db.close()
    return rate, settings


def main():
    bin_dir = sys.argv[1]
    per_lane = int(sys.argv[2]) if len(sys.argv) > 2 else 4200
    totes = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    root = tempfile.mkdtemp(prefix="lanes-rfid-")
    lanes = [pty_device(root, f"lane{i}") for i in range(LANES)]
    tunnel = pty_device(root, "tunnel")
    os.mkfifo(f"{root}/scans.fifo")
    devices = "".join(f'[[device]]\nid = "lane{i}"\nkind = "serial"\npath = "{root}/lane{i}.tty"\nframing = "cr"\n' for i in range(LANES))
    devices += (f'[[device]]\nid = "tunnel"\nkind = "rfid"\npath = "{root}/tunnel.tty"\nlane = "tote"\nframing = "crlf"\n'
                f'rfid_format = "{{epc}},{{antenna}},{{rssi}}"\n'
                f'[[device]]\nid = "fifo"\nkind = "lines"\npath = "{root}/scans.fifo"\nlane = "tote"\n')
    benchstation.prepare(bin_dir, root, supervisor_extra="[scanning]\nepc_dedup_window_ms = 600000\n", device=devices.removeprefix("[[device]]\n"))
    with open(f"{root}/more-orders.csv", "w") as f:
        f.write("order,line,sku,gtin,description,quantity,unit_price,currency,tax_rate,serials,lot,returnable,delivered_on,return_days,customer\n")
        for i in range(LANES):
            f.write(f"SO-L{i},1,HP,04006381333931,Headphones,1000000,59.90,EUR,19,,,true,2026-11-01,3650,Lane {i}\n")
        f.write("SO-R,1,JKT-M,80614141123458,Jacket M,1000000,89.00,EUR,19,,,true,2026-11-01,3650,Tunnel\n")
    subprocess.run([f"{bin_dir}/returnsd", "import-orders", "--state-dir", f"{root}/state", "--station", "BENCH", f"{root}/more-orders.csv"],
                   check=True, stdout=subprocess.DEVNULL)
    proc = subprocess.Popen([f"{bin_dir}/returnsd", "run", "--config", f"{root}/returnsd.toml"],
                            stdout=open(f"{root}/daemon.log", "w"), stderr=subprocess.STDOUT)
    sock = f"{root}/sup.sock"
    status = lambda: json.loads(benchstation.request(sock, "/v1/status"))
    benchstation.wait_devices_reading(sock, proc)
    writer = status()["storeWriter"]
    scanned = lambda: sum(d["scans"] for d in status()["devices"] if d["id"].startswith("lane"))

    # Eight lanes flat out.
    returns = max(1, per_lane // 21)
    commits0 = metric(sock, "returnstation_store_commits_total")
    payloads = [("\r".join((([f"SO-L{i}"] + ["4006381333931"] * 19 + ["CMD:CLOSE"]) * returns)) + "\r").encode() for i in range(LANES)]
    threads = [threading.Thread(target=write_all, args=(lanes[i][0], payloads[i])) for i in range(LANES)]
    began = time.monotonic()
    for t in threads: t.start()
    benchstation.wait_until(lambda: scanned() >= LANES * returns * 21, "every lane's scans stored", proc)
    lanes_s = time.monotonic() - began
    for t in threads: t.join()
    lane_scans = LANES * returns * 21
    lane_batch = lane_scans / (metric(sock, "returnstation_store_commits_total") - commits0)

    # RFID totes.
    fifo = os.open(f"{root}/scans.fifo", os.O_WRONLY)
    tote_rates, tote_batches = [], []
    accepted = lambda: metric(sock, 'returnstation_scans_total{outcome="accepted"}')
    duplicates = lambda: metric(sock, 'returnstation_scans_total{outcome="duplicateRead"}')
    for t in range(totes):
        os.write(fifo, b"SO-R\n")
        benchstation.wait_until(lambda: metric(sock, 'returnstation_scans_total{outcome="sessionOpened"}') >= LANES * returns + t + 1,
                                f"tote {t + 1}'s return opened", proc)
        epcs = [f"{(JACKET_EPC & ~((1 << 38) - 1)) | (100_000 + t * 1000 + k):024X}" for k in range(1000)]
        reads = "".join(f"{epc},{1 + p % 4},-{40 + k % 30}\r\n" for p in range(20) for k, epc in enumerate(epcs)).encode()
        a0, d0, c0 = accepted(), duplicates(), metric(sock, "returnstation_store_commits_total")
        began = time.monotonic()
        # A reader delivers at its own pace and cannot be held back: the reads go out at READ_RATE a second, in slices
        # of 500. A daemon slower than that fills its inbox (10,000) and drops reads, which this reports.
        per = len(reads) // 40
        for k in range(40):
            write_all(tunnel[0], reads[k * per:(k + 1) * per] if k < 39 else reads[k * per:])
            time.sleep(max(0.0, began + (k + 1) * 500 / READ_RATE - time.monotonic()))
        while accepted() < a0 + 1000 or duplicates() < d0 + 19_000:
            if metric(sock, "returnstation_reads_dropped_total") > 0 or time.monotonic() - began > 60:
                raise RuntimeError(f"tote {t + 1}: the daemon dropped reads or stalled ({accepted() - a0:.0f} accepted, "
                                   f"{duplicates() - d0:.0f} repeats): it is slower than {READ_RATE:,} reads/s; see {root}/daemon.log")
            time.sleep(0.005)
        tote_rates.append(20_000 / (time.monotonic() - began))
        tote_batches.append(20_000 / (metric(sock, "returnstation_store_commits_total") - c0))
        os.write(fifo, b"CMD:CLOSE\n")
    os.close(fifo)
    dropped = metric(sock, "returnstation_reads_dropped_total")
    proc.terminate(); proc.wait()

    lane_rate = lane_scans / lanes_s
    raw_lanes, settings = raw_rate(root, "lanes", writer, lane_scans, max(1, round(lane_batch)))
    rfid_rate, rfid_batch = statistics.median(tote_rates), statistics.median(tote_batches)
    raw_rfid, _ = raw_rate(root, "rfid", writer, 20_000 * totes, max(1, round(rfid_batch)))
    print(f"# flush probe p50 / p99: {'%.2f / %.2f' % benchstation.flush_probe(root)} ms; writer settings read back from the "
          f"baseline's connection: {settings}; reads dropped by the daemon: {dropped:.0f}")
    print("| measure | daemon | mean batch (scans per commit) | raw SQLite, same batch | ratio | goal |")
    print("|---|---|---|---|---|---|")
    print(f"| {LANES} lanes flat out, {lane_scans:,} scans | {lane_rate:,.0f} scans/s | {lane_batch:.1f} | {raw_lanes:,.0f} rows/s | "
          f"{lane_rate / raw_lanes:.2f} | ≥ 0.70 |")
    print(f"| RFID totes of 1,000 tags × 20 reads, median of {totes} | {rfid_rate:,.0f} reads/s | {rfid_batch:.0f} | {raw_rfid:,.0f} rows/s | "
          f"{rfid_rate / raw_rfid:.2f} | ≥ 0.70 and ≥ 20,000 reads/s |")


if __name__ == "__main__":
    main()
