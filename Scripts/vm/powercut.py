#!/usr/bin/env python3
"""Guest side of the VM power-cut test (Scripts/vm/powercut-host drives it; docs/RELIABILITY.md).

Run by Scripts/vm/guest-run instead of the scenario when the kernel command line has
`returnstation.powercut=BOOT`:

    BOOT = 1, 2, ...  the daemon (started by systemd on whatever the last power cut left) must come up; then a
                      serial scanner on a pseudo-terminal scans without end, one scan at a time, and every
                      good-read byte the daemon writes back is reported at once on /dev/ttyS1, which QEMU writes
                      to a host file. The host kills QEMU (SIGKILL: no shutdown, no sync) 0-100 ms after a
                      randomly chosen acknowledgement.
    BOOT = final      the daemon must come up once more; then it is stopped and the state folder goes to the
                      results disk (/dev/vdc) for the host to check against the acknowledgements it saw.

What each boot scans is a function of BOOT alone (`scans(boot)`), so the host knows what was sent without the
guest having to tell it: a marker `OP:PCB<boot>`, then cycles of a whole return (order SO-PC1, four units, CLOSE).
Within a boot no two consecutive scans are the same text.
Lines on /dev/ttyS1: `PC READY <boot>`, `PC ACK <boot> <index> <text>`, `PC NAK <boot> <index> <hex>`,
`PC FAIL <boot> <why>`.
"""
import grp
import json
import os
import pwd
import subprocess
import sys
import tarfile
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scanners  # noqa: E402

SERIAL_LINK = "/dev/returnstation-vm/serial-scanner"
GTIN = "4006381333931"
ORDERS = """order,line,sku,gtin,description,quantity,unit_price,currency,tax_rate,serials,lot,returnable,delivered_on,return_days,customer
SO-PC1,1,HP-200,04006381333931,Headphones HP-200,1000000,59.90,EUR,19,,,true,2026-11-02,3650,Power Cut GmbH
"""
# No two scans in a row are alike, so a scan journaled twice cannot pass for the next one sent.
CYCLE = ["SO-PC1", GTIN, "OP:PC-ITEM", GTIN, "QTY:2", GTIN, "CMD:CLOSE"]


def scans(boot):
    """The scans of one boot, without end: what powercut-host regenerates to check the journal."""
    yield "OP:PCB%s" % boot
    cycle = 0
    while True:
        cycle += 1
        yield "OP:PCB%sC%d" % (boot, cycle)
        yield from CYCLE


class Acks:
    """/dev/ttyS1, raw: each line is drained to the UART before the next scan goes out."""

    def __init__(self):
        self.fd = os.open("/dev/ttyS1", os.O_WRONLY | os.O_NOCTTY)
        attrs = termios.tcgetattr(self.fd)
        attrs[1] &= ~termios.OPOST  # no \n -> \r\n
        termios.tcsetattr(self.fd, termios.TCSANOW, attrs)

    def say(self, line):
        data = (line + "\n").encode()
        while data:
            data = data[os.write(self.fd, data):]
        termios.tcdrain(self.fd)
        print(line, flush=True)


def sh(argv, timeout=60):
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout)


wait_for = scanners.wait_for


def daemon_up():
    """The daemon systemd started on what the power cut left: active, and answering on its socket."""
    wait_for("returnsd.service active", lambda: sh(["systemctl", "is-active", "returnsd.service"]).stdout.strip() == "active", 120)
    return wait_for("returnsctl status", lambda: json.loads(sh(["/usr/local/bin/returnsctl", "status", "--json"]).stdout), 60)


def serial_reading():
    devices = json.loads(sh(["/usr/local/bin/returnsctl", "devices", "--json"]).stdout)
    return next((d for d in devices if d["id"] == "serial" and d["state"] == "reading"), None)


def came_up_unrestarted(boot, acks):
    """The daemon as systemd started it on what the power cut left: up, answering, never restarted."""
    status = daemon_up()
    restarts = sh(["systemctl", "show", "-P", "NRestarts", "returnsd.service"]).stdout.strip()
    if restarts != "0":
        raise RuntimeError("returnsd.service failed to start on the disk the cut left: NRestarts=%s" % restarts)
    acks.say("PC INFO %s daemon up after the cut, NRestarts=0" % boot)
    return status


def burst(boot, acks):
    came_up_unrestarted(boot, acks)
    scanner = scanners.PtyScanner(SERIAL_LINK, pwd.getpwnam("returnsd").pw_uid, grp.getgrnam("dialout").gr_gid)
    # The link is new on every boot; a restart opens it at once instead of after the device's retry backoff.
    sh(["systemctl", "restart", "returnsd.service"], timeout=120)
    daemon_up()
    wait_for("serial scanner reading", serial_reading, 60)
    if boot == "1":
        with open("/var/tmp/powercut-orders.csv", "w") as f:
            f.write(ORDERS)
        p = sh(["/usr/local/bin/returnsctl", "import-orders", "/var/tmp/powercut-orders.csv"])
        if p.returncode != 0:
            raise RuntimeError("import of SO-PC1 failed: %s" % (p.stderr or p.stdout).strip())
        # A return the scenario may have left open on the lane would swallow the first order scan.
        scanner.send("CMD:CANCEL")
        wait_for("the cancel's answer", lambda: scanner.feedback(), 30)
    acks.say("PC READY %s" % boot)
    seen = len(scanner.feedback())
    for index, text in enumerate(scans(boot)):
        scanner.send(text)
        deadline = time.monotonic() + 30
        while len(scanner.feedback()) <= seen:
            if time.monotonic() > deadline:
                raise RuntimeError("no answer to scan %d (%s) within 30 s" % (index, text))
            time.sleep(0.001)
        byte = scanner.feedback()[seen:seen + 1]
        seen += 1
        if byte == b"\x06":
            acks.say("PC ACK %s %d %s" % (boot, index, text))
        else:
            acks.say("PC NAK %s %d %s" % (boot, index, byte.hex()))


def final(acks):
    status = came_up_unrestarted("final", acks)
    acks.say("PC INFO final status %s" % json.dumps(status)[:400])
    p = sh(["systemctl", "stop", "returnsd.service"], timeout=120)
    if p.returncode != 0:
        raise RuntimeError("systemctl stop returnsd.service: %s" % p.stderr.strip())
    with tarfile.open("/dev/vdc", "w") as tar:
        tar.add("/var/lib/returnsd", arcname="returnsd")
    os.sync()
    acks.say("PC FINAL WRITTEN")


def main():
    boot = next(a.split("=", 1)[1] for a in open("/proc/cmdline").read().split() if a.startswith("returnstation.powercut="))
    acks = Acks()
    try:
        if boot == "final":
            final(acks)
        else:
            burst(boot, acks)
    except Exception as e:  # noqa: BLE001 - the host must hear why, then the guest powers off
        acks.say("PC FAIL %s %s: %s" % (boot, type(e).__name__, " ".join(str(e).split())[:300]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
