"""What the daemon benchmark scripts share: a station folder with a FIFO lane and one large order, and one GET
over the supervisor socket (a new connection each time, as `curl --unix-socket` does)."""
import json, os, socket, sqlite3, subprocess, time

def prepare(bin_dir, root, supervisor_extra="", device=None):
    """`root`/returnsd.toml (station BENCH, socket `root`/sup.sock, a FIFO lane `root`/scans.fifo unless `device`
    gives another [[device]] table) and a store holding order SO-B: one line of 1,000,000 headphones (the import
    limit), returnable for ten years."""
    if device is None:
        os.mkfifo(f"{root}/scans.fifo")
        device = f'id = "fifo"\nkind = "lines"\npath = "{root}/scans.fifo"\n'
    with open(f"{root}/orders.csv", "w") as f:
        f.write("order,line,sku,gtin,description,quantity,unit_price,currency,tax_rate,serials,lot,returnable,delivered_on,return_days,customer\n")
        f.write("SO-B,1,HP,04006381333931,Headphones,1000000,59.90,EUR,19,,,true,2026-11-01,3650,Bench\n")
    with open(f"{root}/returnsd.toml", "w") as f:
        f.write(f'[station]\nid = "BENCH"\nstate_dir = "{root}/state"\n[supervisor]\nsocket = "{root}/sup.sock"\n'
                f'{supervisor_extra}[[device]]\n{device}')
    subprocess.run([f"{bin_dir}/returnsd", "import-orders", "--state-dir", f"{root}/state", "--station", "BENCH", f"{root}/orders.csv"],
                   check=True, stdout=subprocess.DEVNULL)

def request(sock_path, path, timeout=30):
    """The body of `GET path`; raises when the answer is not 200."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(sock_path)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    head, body = data.split(b"\r\n\r\n", 1)
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"GET {path}: {head[:80]!r}")
    return body


def connect_as_writer(path, writer):
    """A Python `sqlite3` connection (the same system libsqlite3 as the daemon) given the settings the daemon's
    writer reports in `GET /v1/status` (`storeWriter`); read them back with `settings_of`."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA page_size = {int(writer['page_size'])}")
    db.execute(f"PRAGMA journal_mode = {writer['journal_mode']}")
    db.execute(f"PRAGMA synchronous = {int(writer['synchronous'])}")
    db.execute(f"PRAGMA wal_autocheckpoint = {int(writer['wal_autocheckpoint'])}")
    db.execute(f"PRAGMA foreign_keys = {int(writer['foreign_keys'])}")
    db.execute(f"PRAGMA busy_timeout = {int(writer['busy_timeout'])}")
    return db

def settings_of(db, writer):
    """The connection's own values of the settings the daemon's writer reported, read back from it."""
    return {name: str(db.execute(f"PRAGMA {name}").fetchone()[0]) for name in writer}

def flush_probe(folder, n=200):
    """Median and p99 of a 4 KiB write + fdatasync on the folder's disk, in ms."""
    path = os.path.join(folder, "flush-probe")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    samples = []
    for i in range(n):
        os.pwrite(fd, b"x" * 4096, (i % 16) * 4096)
        start = time.perf_counter()
        os.fdatasync(fd)
        samples.append(time.perf_counter() - start)
    os.close(fd)
    os.unlink(path)
    s = sorted(samples)
    return s[len(s) // 2] * 1000, s[int(len(s) * 0.99)] * 1000

def wait_until(condition, what, proc=None, timeout=120, every=0.01):
    """Polls `condition` until it is true; raises when `proc` (the daemon) has exited or `timeout` seconds passed,
    so a dropped read or a dead daemon stops a benchmark with a reason instead of hanging it."""
    deadline = time.monotonic() + timeout
    while not condition():
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the daemon exited ({proc.returncode}) while waiting for {what}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not reached within {timeout} s")
        time.sleep(every)

def start_notified(bin_dir, root):
    """`returnsd run` on `root`/returnsd.toml with a datagram socket playing systemd's NOTIFY_SOCKET; returns the process
    and the seconds from spawning it to READY=1 (a daemon that dies first stops the caller with socket.timeout)."""
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = f"{root}/notify.sock"
    if os.path.exists(path):
        os.unlink(path)
    notify.bind(path)
    notify.settimeout(30)
    began = time.monotonic()
    proc = subprocess.Popen([f"{bin_dir}/returnsd", "run", "--config", f"{root}/returnsd.toml"],
                            env={"NOTIFY_SOCKET": path, "PATH": "/usr/bin:/bin"},
                            stdout=open(f"{root}/daemon.log", "a"), stderr=subprocess.STDOUT)
    while "READY=1" not in notify.recv(4096).decode().split("\n"):
        pass
    notify.close()
    return proc, time.monotonic() - began

def wait_devices_reading(sock_path, proc=None, timeout=30):
    """Waits until the daemon answers on `sock_path` and every configured device is being read."""
    def reading():
        try:
            devices = json.loads(request(sock_path, "/v1/devices"))
        except (OSError, RuntimeError):
            return False  # not listening yet
        return bool(devices) and all(d["state"] == "reading" for d in devices)
    wait_until(reading, "every device reading (see the daemon's log)", proc, timeout=timeout, every=0.05)
