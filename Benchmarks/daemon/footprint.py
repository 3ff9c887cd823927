#!/usr/bin/env python3
"""Issue 13 scope 4: the daemon's footprint on a store that has lived. Imports ORDERS orders, scans SCANS scans
through a FIFO lane as returns (order, 9 + 9 items of its two lines, CMD:CLOSE), then reads the resident memory,
stops the daemon and starts it again on that store five times, timing start to READY=1 (systemd's notify socket,
played here by a datagram socket).

    Benchmarks/daemon/footprint.py BIN_DIR [SCANS] [ORDERS]       # the issue's figures: 1000000 100000

Prints a Markdown table. Memory is VmRSS from /proc (what `systemctl status` shows as Memory is the cgroup's, which
also counts the page cache of the store's files).
"""
import json, os, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchstation  # noqa: E402  (beside this script)

bin_dir = sys.argv[1]
scans = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
orders = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
root = tempfile.mkdtemp(prefix="footprint-")
SCANS_PER_RETURN = 20


def gtin13(n):
    body = f"400{n:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def proc_status(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])  # kB


def write_orders(path):
    """ORDERS orders of two lines from a catalogue of 500 products, returnable for ten years."""
    with open(path, "w") as f:
        f.write("order,line,sku,gtin,description,quantity,unit_price,currency,tax_rate,serials,lot,returnable,delivered_on,return_days,customer\n")
        for o in range(orders):
            for line in (1, 2):
                p = (o * 2 + line) % 500
                f.write(f"SO-{o:06d},{line},SKU-{p},{gtin13(p)},Product {p},10,19.90,EUR,19,,,true,2026-11-01,3650,Customer {o % 5000}\n")


def returns(count):
    """Lines for `count` scans: returns of the orders in turn, each order once (wrapping if SCANS asks for more)."""
    out = []
    for r in range(count // SCANS_PER_RETURN):
        o = r % orders
        first, second = gtin13((o * 2 + 1) % 500), gtin13((o * 2 + 2) % 500)
        out += [f"SO-{o:06d}"] + [first] * 9 + [second] * 9 + ["CMD:CLOSE"]
    return out


def start():
    return benchstation.start_notified(bin_dir, root)


def status():
    return json.loads(benchstation.request(f"{root}/sup.sock", "/v1/status"))


benchstation.prepare(bin_dir, root)
write_orders(f"{root}/many-orders.csv")
t = time.monotonic()
subprocess.run([f"{bin_dir}/returnsd", "import-orders", "--state-dir", f"{root}/state", "--station", "BENCH", f"{root}/many-orders.csv"],
               check=True, stdout=subprocess.DEVNULL)
import_s = time.monotonic() - t

proc, first_ready = start()
time.sleep(1)
idle_empty = proc_status(proc.pid, "VmRSS")
lines = returns(scans)
t = time.monotonic()
fd = os.open(f"{root}/scans.fifo", os.O_WRONLY)
payload = ("\n".join(lines) + "\n").encode()
view = memoryview(payload)
while view:  # the daemon stops reading while its inbox is full, so this waits for the disk
    view = view[os.write(fd, view):]
os.close(fd)
benchstation.wait_until(lambda: status()["devices"][0]["scans"] >= len(lines), f"all {len(lines):,} scans stored", proc,
                        timeout=3600, every=0.2)
ingest_s = time.monotonic() - t
time.sleep(2)
after_scans = proc_status(proc.pid, "VmRSS")
anon, mapped = proc_status(proc.pid, "RssAnon"), proc_status(proc.pid, "RssFile")
peak = proc_status(proc.pid, "VmHWM")
proc.terminate(); proc.wait()

db = f"{root}/state/station.sqlite"
size_mib = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p)) / 2**20
ready, idle_full = [], []
for _ in range(5):
    proc, seconds = start()
    ready.append(seconds)
    time.sleep(1)
    idle_full.append(proc_status(proc.pid, "VmRSS"))
    proc.terminate(); proc.wait()

print(f"# {orders:,} orders imported in {import_s:.1f} s; {len(lines):,} scans ({len(lines) // SCANS_PER_RETURN:,} returns) "
      f"stored in {ingest_s:.0f} s ({len(lines) / ingest_s:,.0f} scans/s); store {size_mib:,.0f} MiB")
print("| measure | figure | goal |")
print("|---|---|---|")
print(f"| start to READY=1 on the empty store with {orders:,} orders | {first_ready * 1000:.0f} ms | |")
print(f"| start to READY=1 with {len(lines):,} journal rows and {orders:,} orders, median of 5 | "
      f"{statistics.median(ready) * 1000:.0f} ms (min {min(ready) * 1000:.0f}, max {max(ready) * 1000:.0f}) | < 300 ms |")
print(f"| resident memory idle, before scanning | {idle_empty / 1024:.1f} MiB | |")
print(f"| resident memory after {len(lines):,} scans (peak during them) | {after_scans / 1024:.1f} MiB ({peak / 1024:.1f} MiB); "
      f"{anon / 1024:.1f} MiB anonymous, {mapped / 1024:.1f} MiB mapped from files (the program's code, shared and clean) | < 50 MB |")
print(f"| resident memory idle after a restart on that store, median of 5 | {statistics.median(idle_full) / 1024:.1f} MiB | |")
