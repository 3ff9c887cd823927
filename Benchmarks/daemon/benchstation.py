"""What the daemon benchmark scripts share: a station folder with a FIFO lane and one large order, and one GET
over the supervisor socket (a new connection each time, as `curl --unix-socket` does)."""
import os, socket, subprocess

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
