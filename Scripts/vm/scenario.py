#!/usr/bin/env python3
"""The VM test's scenario, run as root inside the guest by Scripts/vm/guest-run after the project was
installed the way docs/OPERATIONS.md says. Everything goes through the installed units: the daemon is
only ever started, reloaded, restarted or killed through systemd.

    scenario.py RESULTS_DIR

Writes RESULTS_DIR/results.txt: one line per check, `PASS name: evidence`, `FAIL name: evidence`,
`SKIP name: why` or `INFO name: what was seen`; exits 1 if any check failed. Each step runs even when
an earlier one failed, so one report shows everything that does and does not work.
"""
import datetime
import grp
import json
import os
import pwd
import re
import socket
import subprocess
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scanners  # noqa: E402

RESULTS = sys.argv[1] if len(sys.argv) > 1 else "/var/tmp/vmtest-results"
SOCKET = "/run/returnsd/supervisor.sock"
CONFIG = "/etc/returnsd/returnsd.toml"
SERIAL_LINK = "/dev/returnstation-vm/serial-scanner"
RFID_LINK = "/dev/returnstation-vm/rfid-reader"
GADGET_LINK = "/dev/returnstation/scanner-keyboard-wedge-VM0001-if00"
JACKET_EPC = "3074257BF7194E4000001A85"  # urn:epc:id:sgtin:0614141.812345.6789: SO-1001 line 5
os.makedirs(RESULTS, exist_ok=True)
failures = []
T0 = time.monotonic()


def record(status, name, evidence=""):
    line = "%s %s: %s" % (status, name, " ".join(str(evidence).split()) if evidence else "")
    line = line[:1500]
    with open(os.path.join(RESULTS, "results.txt"), "a") as f:
        f.write(line + "\n")
    print("[%6.1fs] %s" % (time.monotonic() - T0, line), flush=True)
    if status == "FAIL":
        failures.append(name)


def check(name, ok, evidence=""):
    record("PASS" if ok else "FAIL", name, evidence)
    return ok


def step(title):
    """Runs a scenario step; an exception is a FAIL of that step, and the scenario goes on."""
    def wrap(fn):
        print("\n=== %s" % title, flush=True)
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            record("FAIL", title, "%s: %s | %s" % (type(e).__name__, e, traceback.format_exc().splitlines()[-3].strip()))
        return fn
    return wrap


def sh(cmd, user=None, timeout=120, check=False):
    argv = cmd if isinstance(cmd, list) else ["/bin/sh", "-c", cmd]
    if user:
        argv = ["runuser", "-u", user, "--"] + argv
    p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (" ".join(argv), p.returncode, (p.stderr or p.stdout).strip()[-400:]))
    return p


def ctl(*args, user=None):
    """`returnsctl ARGS --json` (as `user`), parsed."""
    p = sh(["/usr/local/bin/returnsctl"] + list(args) + ["--json"], user=user, check=True)
    return json.loads(p.stdout)


def api(path, timeout=10):
    """GET on the supervisor socket straight from python (cheap enough to poll under TCG)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(SOCKET)
    s.sendall(("GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" % path).encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    if b"chunked" in head.lower():
        out, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            out, rest = out + rest[:size], rest[size + 2:]
        body = out
    status = int(head.split(b" ")[1])
    if status != 200:
        raise RuntimeError("GET %s: HTTP %d %s" % (path, status, body[:200]))
    return json.loads(body) if body.strip()[:1] in (b"[", b"{") else body.decode()


wait_for = scanners.wait_for


def all_scans():
    out, after = [], 0
    while True:
        page = api("/v1/scans?after=%d&limit=1000" % after)
        out += page
        if len(page) < 1000:
            return out
        after = page[-1]["seq"]


def last_seq():
    s = all_scans()
    return s[-1]["seq"] if s else 0


def wait_scans(after, count, timeout=30):
    return wait_for("%d new scan(s) after seq %d" % (count, after),
                    lambda: (lambda s: s if len(s) >= count else None)(api("/v1/scans?after=%d&limit=1000" % after)), timeout)


def device(id_):
    return next((d for d in api("/v1/devices") if d["id"] == id_), None)


def wait_reading(id_, timeout=40):
    return wait_for("device %s reading" % id_, lambda: (lambda d: d if d and d["state"] == "reading" else None)(device(id_)), timeout)


def session_of(lane):
    return next((s for s in api("/v1/sessions") if s["lane"] == lane), None)


def main_pid():
    return int(sh("systemctl show -p MainPID --value returnsd.service").stdout.strip() or 0)


def prop(name, unit="returnsd.service"):
    return sh("systemctl show -p %s --value %s" % (name, unit)).stdout.strip()


def cursor():
    out = sh("journalctl -n 0 --show-cursor -q -u returnsd.service").stdout
    m = re.search(r"cursor: (\S+)", out)
    return m.group(1) if m else None


def journal_since(cur):
    args = "journalctl -u returnsd.service -o cat --no-pager" + (" --after-cursor='%s'" % cur if cur else "")
    return sh(args).stdout


def outcomes(scans):
    return [(s["text"], s["outcome"]) for s in scans]


def wait_active(timeout=60):
    return wait_for("returnsd.service active", lambda: sh("systemctl is-active returnsd.service").stdout.strip() == "active", timeout)


ctx = {}

# ------------------------------------------------------------------------------------------------


@step("daemon under systemd")
def _():
    wait_active(60)
    check("service active (READY=1 under Type=notify)", True, "systemctl is-active: active; " + prop("StatusText"))
    pid = main_pid()
    uid = next(int(l.split()[1]) for l in open("/proc/%d/status" % pid) if l.startswith("Uid:"))
    groups = next(l.split()[1:] for l in open("/proc/%d/status" % pid) if l.startswith("Groups:"))
    names = sorted(grp.getgrgid(int(g)).gr_name for g in groups)
    check("runs as its own user", uid == pwd.getpwnam("returnsd").pw_uid,
          "MainPID %d uid %d (%s), groups %s" % (pid, uid, pwd.getpwuid(uid).pw_name, ",".join(names)))
    wd = prop("WatchdogUSec")
    check("watchdog armed", wd in ("30s", "30000000"), "WatchdogUSec=%s" % wd)
    hardening = {k: prop(k) for k in ("DevicePolicy", "ProtectSystem", "NoNewPrivileges", "User", "NotifyAccess")}
    check("hardened unit in effect", hardening["DevicePolicy"] == "closed" and hardening["ProtectSystem"] == "strict"
          and hardening["NoNewPrivileges"] == "yes", hardening)
    ctx["wd0"] = prop("WatchdogTimestampMonotonic")
    st = sh("stat -c '%U:%G %a' " + SOCKET).stdout.strip()
    check("supervisor socket from returnsd.socket", st == "returnsd:returnsd-read 660", "%s %s" % (SOCKET, st))


@step("orders")
def _():
    # Examples/orders.csv, with delivery dates moved by (today - 2026-11-20), the day the demo pins, so the
    # return windows mean the same on any day this test runs.
    shift = (datetime.date.today() - datetime.date(2026, 11, 20)).days
    lines = open("/opt/returnstation/Examples/orders.csv").read().splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        cells[12] = (datetime.date.fromisoformat(cells[12]) + datetime.timedelta(days=shift)).isoformat()
        out.append(",".join(cells))
    path = "/var/tmp/orders.csv"
    open(path, "w").write("\n".join(out) + "\n")
    os.chmod(path, 0o644)
    # The running service holds its state folder: the offline tool is refused, naming it ...
    p = sh(["/usr/local/bin/returnsd", "import-orders", "--state-dir", "/var/lib/returnsd", "--station", "DOCK1", path],
           user="returnsd")
    said = (p.stdout + p.stderr).strip()
    check("offline import-orders next to the service refused, naming its pid", p.returncode != 0
          and "in use by process" in said and "returnsctl import-orders" in said, said[-300:])
    # ... and the orders go in through it, as docs/OPERATIONS.md says.
    p = sh(["/usr/local/bin/returnsctl", "import-orders", path])
    check("returnsctl import-orders through the running daemon", p.returncode == 0 and "imported 3 orders" in p.stdout,
          "dates shifted by %d days; %s" % (shift, (p.stdout + p.stderr).strip()[-300:]))


@step("supervisor socket: who may use it")
def _():
    sh("useradd -M -N -s /usr/sbin/nologin alice; usermod -aG returnsd-read alice;"
       "useradd -M -N -s /usr/sbin/nologin bob; usermod -aG returnsd-read,returnsd-supervise bob;"
       "useradd -M -N -s /usr/sbin/nologin mallory")
    for user in ("alice", "bob"):
        p = sh(["/usr/local/bin/returnsctl", "status", "--json"], user=user)
        ok = p.returncode == 0 and json.loads(p.stdout or "{}").get("station") == "DOCK1"
        check("returnsctl status as %s (supervisors' groups)" % user, ok,
              "exit %d, %s" % (p.returncode, (p.stdout or p.stderr).strip()[:200]))
    p = sh(["/usr/local/bin/returnsctl", "status"], user="mallory")
    check("returnsctl status as mallory (no group) refused", p.returncode != 0,
          "exit %d: %s" % (p.returncode, (p.stderr or p.stdout).strip()[:200]))
    p = sh(["/usr/local/bin/returnsctl", "cancel", "NO-SUCH-SESSION"], user="alice")
    check("a reader may not supervise (cancel refused)", p.returncode != 0 and "supervise" in (p.stderr + p.stdout),
          "exit %d: %s" % (p.returncode, (p.stderr or p.stdout).strip()[:200]))
    p = sh(["/usr/local/bin/returnsctl", "cancel", "NO-SUCH-SESSION"], user="bob")
    check("a supervisor gets past the role check (cancel of an unknown session: not a 403)",
          "supervise" not in (p.stderr + p.stdout), "exit %d: %s" % (p.returncode, (p.stderr or p.stdout).strip()[:200]))


@step("USB keyboard-wedge scanner (HID gadget on dummy_hcd)")
def _():
    p = sh("modprobe dummy_hcd && modprobe libcomposite && modprobe usb_f_hid")
    if p.returncode != 0:
        record("SKIP", "USB HID gadget", "modprobe: " + p.stderr.strip())
        return
    g = scanners.HIDGadgetScanner()
    g.create()
    cur = cursor()
    g.plug()
    ctx["gadget"] = g
    sh("udevadm settle -t 30")
    wait_for(GADGET_LINK, lambda: os.path.exists(GADGET_LINK), 30)
    node = os.path.realpath(GADGET_LINK)
    ctx["gadget_node"] = node
    props = dict(l.split("=", 1) for l in sh(["udevadm", "info", "--query=property", "--name=" + node]).stdout.splitlines() if "=" in l)
    st = os.stat(node)
    check("udev rules tag the USB scanner", props.get("RETURNSTATION_DEVICE") == "scanner"
          and props.get("RETURNSTATION_ROLE") == "keyboard-wedge" and grp.getgrgid(st.st_gid).gr_name == "returnsd"
          and (st.st_mode & 0o777) == 0o660,
          "%s -> %s: RETURNSTATION_DEVICE=%s RETURNSTATION_ROLE=%s ID_VENDOR_ID=%s ID_MODEL_ID=%s ID_SERIAL_SHORT=%s group=%s mode=%o"
          % (GADGET_LINK, node, props.get("RETURNSTATION_DEVICE"), props.get("RETURNSTATION_ROLE"), props.get("ID_VENDOR_ID"),
             props.get("ID_MODEL_ID"), props.get("ID_SERIAL_SHORT"), grp.getgrgid(st.st_gid).gr_name, st.st_mode & 0o777))
    hid = [l for l in sh("for h in /sys/class/hidraw/hidraw*; do udevadm info -q property -p $h | grep -E 'RETURNSTATION_ROLE'; done").stdout.split()]
    record("INFO", "hidraw twin of the gadget", " ".join(hid) or "none tagged")
    d = wait_reading("wedge", 40)
    j = journal_since(cur)
    ident = re.findall(r"device appeared.*devnode=%s.*identity=(\S+)" % re.escape(node), j)
    ctx["gadget_identity"] = ident[0] if ident else None
    check("daemon picks the USB scanner up through hotplug", d["path"] == node,
          "devices: wedge %s %s; journal: %s" % (d["state"], d["path"], "; ".join(l for l in j.splitlines() if "wedge" in l or node in l)[:600]))
    check("scanner grabbed (EVIOCGRAB held by the daemon)", scanners.try_grab(node) == "EBUSY",
          "a second EVIOCGRAB on %s: %s" % (node, scanners.try_grab(node)))


def type_and_expect(scanner, steps, device_id):
    """Types each text on `scanner` and waits for its scan. A scan the daemon dropped (its log says
    why, e.g. synDropped when the reader fell behind the kernel's event buffer under emulation) is
    typed once more, as an operator rescans a label that did not beep; that is recorded as INFO."""
    got = []
    for text in steps:
        for attempt in (1, 2):
            after, cur = last_seq(), cursor()
            scanner.type(text)
            try:
                got += wait_scans(after, 1, timeout=20)
                break
            except TimeoutError:
                dropped = [l for l in journal_since(cur).splitlines() if "dropped" in l]
                record("INFO", "rescan of %r on %s" % (text, device_id),
                       "no scan within 20s (attempt %d); daemon log: %s" % (attempt, "; ".join(dropped) or "nothing"))
                if attempt == 2:
                    raise
    return got


@step("a return typed on the USB scanner")
def _():
    g = ctx.get("gadget")
    if not g:
        record("SKIP", "return on the USB scanner", "no USB gadget")
        return
    node = ctx["gadget_node"]
    spy = scanners.EventSpy(node)
    vcs_before = sh("cat /dev/vcs1 2>/dev/null | tr -s ' '").stdout
    texts = ["OP:ANNA", "SO-1001", "4006381333931", "RSN:NO_LONGER_NEEDED", "9780201379624"]
    got = type_and_expect(g, texts, "wedge")
    want = ["commandApplied", "sessionOpened", "accepted", "commandApplied", "notInOrder"]
    check("wedge scans decoded and matched", outcomes(got) == list(zip(texts, want)),
          "got %s" % outcomes(got))
    check("all on device wedge, lane table-1", all(s["device"] == "wedge" and s["lane"] == "table-1" for s in got),
          ["%s/%s" % (s["device"], s["lane"]) for s in got])
    time.sleep(0.5)
    spy.close()
    ctx["typed_usb"] = sum(len(t) + 1 for t in texts)
    check("nothing typed reaches another reader while grabbed", spy.keys == 0,
          "a non-grabbing reader of %s saw %d key events (%d events) while the scanner typed %d characters"
          % (node, spy.keys, spy.events, ctx["typed_usb"]))
    vcs = sh("cat /dev/vcs1 2>/dev/null | tr -s ' '").stdout
    ctx["vcs_checked"] = bool(vcs)
    if vcs:
        check("nothing typed reaches the tty1 console", not any(t in vcs for t in texts),
              "tty1 screen (/dev/vcs1), getty@tty1 %s: %r" % (sh("systemctl is-active getty@tty1").stdout.strip(), vcs.strip()[-160:]))
    else:
        record("INFO", "tty1 console", "no /dev/vcs1 in this guest: only the evdev check applies")
    ctx["session"] = session_of("table-1")
    check("return open in lane table-1", ctx["session"] and ctx["session"]["order"] == "SO-1001", ctx["session"])


def check_unplug_drop(name, j):
    """The partial must be dropped *because the device went away*: inter_key_timeout_ms is 2000 in the
    test configuration, so a timeout drop cannot happen between the last key and the unplug."""
    lines = j.splitlines()
    dropped = [l for l in lines if "partial scan dropped" in l]
    because_unplug = [l for l in dropped if "timeout" not in l]
    check(name, bool(because_unplug),
          "; ".join(dropped) if dropped else "no 'partial scan dropped' line between the unplug and the replug; "
          "the daemon logged: " + " | ".join(l for l in lines if "Failed to set thread priority" not in l)[-900:])


@step("USB scanner unplugged mid-scan and plugged back")
def _():
    g = ctx.get("gadget")
    if not g:
        record("SKIP", "USB unplug/replug", "no USB gadget")
        return
    node = ctx["gadget_node"]
    before = last_seq()
    cur = cursor()
    g.type("40063813", enter=False)  # half a barcode ...
    time.sleep(0.15)                 # (read by the daemon; far inside inter_key_timeout_ms = 2000)
    g.unplug()                       # ... and the cable is pulled
    wait_for("wedge not reading", lambda: device("wedge")["state"] != "reading", 20)
    time.sleep(1)
    g.plug()
    sh("udevadm settle -t 30")
    d = wait_reading("wedge", 40)
    j = journal_since(cur)
    new_node = os.path.realpath(GADGET_LINK)
    ident = re.findall(r"device appeared.*devnode=%s.*identity=(\S+)" % re.escape(new_node), j)
    check("device keeps its identity across the replug", ident and ident[-1] == ctx.get("gadget_identity"),
          "before %s (%s), after %s (%s)" % (ctx.get("gadget_identity"), node, ident[-1] if ident else None, new_node))
    check_unplug_drop("the partial scan is dropped with a log line", j)
    ctx["gadget_node"] = new_node
    got = type_and_expect(g, ["4006381333931"], "wedge")
    check("scanning resumes after the replug (the partial never became a scan)",
          outcomes(got) == [("4006381333931", "accepted")] and all("40063813" != s["text"] for s in all_scans() if s["seq"] > before),
          "got %s; scans since: %s" % (outcomes(got), [s["text"] for s in all_scans() if s["seq"] > before]))
    check("the return goes on in the same session", got and got[0].get("session") == (ctx.get("session") or {}).get("id"),
          "scan session %s, open session %s" % (got[0].get("session") if got else None, (ctx.get("session") or {}).get("id")))
    check("grabbed again after the replug", scanners.try_grab(new_node) == "EBUSY", "EVIOCGRAB on %s: %s" % (new_node, scanners.try_grab(new_node)))


@step("uinput keyboard-wedge scanner (0c2e:0204)")
def _():
    sh("modprobe uinput")
    u = scanners.UinputScanner("Honeywell Xenon 1900 (uinput)", 0x0C2E, 0x0204)
    cur = cursor()
    u.plug()
    sh("udevadm settle -t 30")
    node = wait_for("uinput event node", lambda: next(
        ("/dev/input/" + e for e in os.listdir("/sys/class/input") if e.startswith("event")
         and open("/sys/class/input/%s/device/name" % e).read().strip() == u.name), None), 20)
    props = dict(l.split("=", 1) for l in sh(["udevadm", "info", "--query=property", "--name=" + node]).stdout.splitlines() if "=" in l)
    record("INFO", "udev and the uinput scanner",
           "%s: RETURNSTATION_DEVICE=%s ID_VENDOR_ID=%s ID_BUS=%s ID_PATH=%s. The rules tag only nodes below a USB device "
           "(SUBSYSTEMS==\"usb\"); a uinput device is virtual, so it is not tagged and not matched by vendor_id. "
           "The daemon selects it by name (\"*(uinput)\"); the USB gadget above is what proves the rules."
           % (node, props.get("RETURNSTATION_DEVICE"), props.get("ID_VENDOR_ID"), props.get("ID_BUS"), props.get("ID_PATH")))
    d = wait_reading("wedge-uinput", 40)
    check("daemon picks the uinput scanner up through hotplug", d["path"] == node, "devices: %s %s" % (d["state"], d["path"]))
    check("uinput scanner grabbed", scanners.try_grab(node) == "EBUSY", "EVIOCGRAB: %s" % scanners.try_grab(node))
    spy = scanners.EventSpy(node)
    got = type_and_expect(u, ["OP:UINPUT1"], "wedge-uinput")
    time.sleep(0.3)
    spy.close()
    check("uinput scan decoded", outcomes(got) == [("OP:UINPUT1", "commandApplied")], outcomes(got))
    check("uinput: nothing reaches another reader while grabbed", spy.keys == 0, "%d key events seen" % spy.keys)
    # Control: a keyboard nobody configured is not grabbed, and the same reader does see its keys.
    c = scanners.UinputScanner("Generic USB Keyboard (uinput control)", 0x1234, 0x5678)
    c.plug()
    sh("udevadm settle -t 30")
    cnode = wait_for("control node", lambda: next(
        ("/dev/input/" + e for e in os.listdir("/sys/class/input") if e.startswith("event")
         and open("/sys/class/input/%s/device/name" % e).read().strip() == c.name), None), 20)
    time.sleep(0.5)
    cspy = scanners.EventSpy(cnode)
    c.type("ctlx")
    time.sleep(0.5)
    cspy.close()
    vcs = sh("cat /dev/vcs1 2>/dev/null | tr -s ' '").stdout
    check("control: the same reader sees an ungrabbed keyboard's keys", cspy.keys > 0,
          "%d key events from %s%s" % (cspy.keys, cnode, ("; tty1 shows %r" % vcs.strip()[-80:]) if vcs else ""))
    if vcs:
        record("INFO" if "ctlx" in vcs else "FAIL" if ctx.get("vcs_checked") else "INFO", "control text on tty1",
               "the control keyboard's 'ctlx' %s on /dev/vcs1" % ("appears" if "ctlx" in vcs else "does NOT appear (tty1 check is not conclusive)"))
    c.unplug()
    # Unplug mid-scan: destroy the uinput device half-way through a barcode, create it again.
    cur = cursor()
    u.type("OP:UINP", enter=False)
    time.sleep(0.15)
    u.unplug()
    wait_for("wedge-uinput not reading", lambda: device("wedge-uinput")["state"] != "reading", 20)
    time.sleep(0.5)
    u.plug()
    sh("udevadm settle -t 30")
    d = wait_reading("wedge-uinput", 40)
    j = journal_since(cur)
    check_unplug_drop("uinput: the partial scan is dropped with a log line", j)
    got = type_and_expect(u, ["OP:UINPUT2"], "wedge-uinput")
    check("uinput: scanning resumes after re-creating the device", outcomes(got) == [("OP:UINPUT2", "commandApplied")],
          "%s (device id wedge-uinput, now %s)" % (outcomes(got), d["path"]))
    ids = re.findall(r"device appeared.*identity=(input/\S+)", j)
    record("INFO", "uinput identity", "the daemon's DeviceIdentity of a re-created uinput device: %s (a virtual device has "
           "no USB serial or ID_PATH, so it is named by its sysfs path, which the kernel renumbers); the configured id "
           "wedge-uinput stays" % (ids[-2:] or "not logged"))
    u.unplug()


@step("serial scanner on a pseudo-terminal")
def _():
    uid = pwd.getpwnam("returnsd").pw_uid
    gid = grp.getgrnam("dialout").gr_gid
    s = scanners.PtyScanner(SERIAL_LINK, uid, gid)
    ctx["serial"] = s
    d = wait_reading("serial", 40)
    check("daemon opens the serial scanner through its symlink", d["path"] == SERIAL_LINK,
          "devices: serial %s %s -> %s" % (d["state"], d["path"], s.tty))
    texts = ["OP:BEN", "SO-1003", "]C1010506000000001610L2405A\x1d17271231", "CMD:CLOSE"]
    got = []
    for t in texts:
        after = last_seq()
        s.send(t)
        got += wait_scans(after, 1)
    check("serial scans decoded and matched", [o for _, o in outcomes(got)] == ["commandApplied", "sessionOpened", "accepted", "commandApplied"],
          outcomes(got))
    time.sleep(1)
    fb = s.feedback()
    check("good-read byte written back per good scan", fb.count(b"\x06") >= 4, "the daemon wrote %r to the scanner" % fb)
    notes = [n for n in api("/v1/notes?limit=50") if n["order"] == "SO-1003"]
    check("return note for the serial return", bool(notes), [n["note"] for n in notes])


@step("RFID reader: burst with repeats")
def _():
    uid = pwd.getpwnam("returnsd").pw_uid
    gid = grp.getgrnam("dialout").gr_gid
    r = scanners.PtyScanner(RFID_LINK, uid, gid)
    ctx["rfid"] = r
    wait_reading("rfid", 40)
    watch = subprocess.Popen(["/usr/local/bin/returnsctl", "watch", "--json"], stdout=subprocess.PIPE, text=True)
    time.sleep(1.5)
    after = last_seq()
    for _ in range(4):
        r.send(JACKET_EPC)
        time.sleep(0.05)
    got = wait_scans(after, 1)
    time.sleep(2)
    watch.terminate()
    events = [json.loads(l) for l in watch.communicate(timeout=10)[0].splitlines() if l.strip().startswith("{")]
    journaled = [s for s in api("/v1/scans?after=%d&limit=100" % after)]
    dup_events = [e for e in events if e.get("outcome") == "duplicateRead"]
    check("RFID read counted once", outcomes(journaled) == [(JACKET_EPC, "accepted")] and journaled[0].get("line") == 5,
          "journal after the burst of 4: %s" % [(s["text"], s["outcome"], s.get("line")) for s in journaled])
    check("repeats end in duplicateRead (not counted)", len(dup_events) == 3,
          "watch events: %s" % [(e.get("type"), e.get("outcome")) for e in events if e.get("device") == "rfid"])
    sess = session_of("table-1")
    line5 = [i for i in api("/v1/sessions/%s" % sess["id"])["items"] if i["line"] == 5 and not i["undone"]] if sess else []
    check("the jacket is in the return exactly once", sum(i["quantity"] for i in line5) == 1, line5)


def journal_snapshot():
    return {s["seq"]: (s["id"], s["text"], s["outcome"], s.get("session")) for s in all_scans()}


def lost(before, after):
    return [before[k] for k in before if after.get(k) != before[k]]


def usb_scan_in_session(label):
    g = ctx.get("gadget")
    if not g:
        return
    wait_reading("wedge", 40)
    sess = ctx.get("session") or {}
    got = type_and_expect(g, ["012345600012"], "wedge")
    check("%s: the open return resumes" % label,
          outcomes(got) == [("012345600012", "accepted")] and got[0].get("session") == sess.get("id"),
          "scan %s in session %s, open before: %s" % (outcomes(got), got[0].get("session") if got else None, sess.get("id")))


@step("systemctl reload (SIGHUP)")
def _():
    before, pid, cur = journal_snapshot(), main_pid(), cursor()
    p = sh("systemctl reload returnsd.service")
    wait_active()
    time.sleep(1)
    j = journal_since(cur)
    check("reload keeps the process and the station", p.returncode == 0 and main_pid() == pid and sh("systemctl is-active returnsd").stdout.strip() == "active",
          "exit %d, MainPID %d -> %d; journal: %s" % (p.returncode, pid, main_pid(), " | ".join(j.splitlines())[-400:]))
    check("reload: no journaled scan lost", not lost(before, journal_snapshot()), "%d scans before" % len(before))
    usb_scan_in_session("reload")
    # A broken file is refused with key and line, and the running configuration stays.
    good = open(CONFIG).read()
    cur = cursor()
    with open(CONFIG, "w") as f:
        f.write(good + "\n[[device]]\nid = \"broken\"\nkind = \"teleport\"\n")
    sh("systemctl reload returnsd.service")
    time.sleep(3)
    j = journal_since(cur)
    check("a bad configuration on reload is refused, the daemon keeps running",
          main_pid() == pid and sh("systemctl is-active returnsd").stdout.strip() == "active" and "kind" in j,
          " | ".join(l for l in j.splitlines())[-500:])
    with open(CONFIG, "w") as f:
        f.write(good)
    sh("systemctl reload returnsd.service")
    wait_active()


@step("systemctl restart")
def _():
    before, pid = journal_snapshot(), main_pid()
    p = sh("systemctl restart returnsd.service")
    wait_active()
    check("restart brings the daemon back", p.returncode == 0 and main_pid() not in (0, pid), "MainPID %d -> %d" % (pid, main_pid()))
    check("restart: no acknowledged scan lost", not lost(before, journal_snapshot()), "%d scans before, lost %s" % (len(before), lost(before, journal_snapshot())[:5]))
    sess = session_of("table-1")
    check("restart: open sessions resume", sess and sess["id"] == (ctx.get("session") or {}).get("id"), "after: %s" % sess)
    usb_scan_in_session("restart")


@step("kill -9 during a burst of serial scans")
def _():
    s = ctx.get("serial")
    if not s:
        record("SKIP", "kill -9", "no serial scanner")
        return
    wait_reading("serial", 40)
    time.sleep(0.5)
    before, pid = journal_snapshot(), main_pid()
    restarts = int(prop("NRestarts") or 0)
    acks0 = len(s.feedback())
    burst = ["OP:K%03d" % i for i in range(1, 121)]
    import threading
    sender = threading.Thread(target=lambda: [(s.send(t), time.sleep(0.02)) for t in burst], daemon=True)
    sender.start()
    wait_for("20 acknowledgements", lambda: len(s.feedback()) - acks0 >= 20, 60, 0.02)
    os.kill(pid, 9)
    wait_for("old daemon gone", lambda: not os.path.exists("/proc/%d" % pid) or "Z" in open("/proc/%d/stat" % pid).read().split()[2], 10, 0.05)
    time.sleep(0.2)
    acked = s.feedback()[acks0:]
    n_acked = len(acked)
    wait_for("new MainPID", lambda: main_pid() not in (0, pid), 30)
    wait_active()
    sender.join(30)
    check("systemd restarts the daemon after kill -9", int(prop("NRestarts") or 0) == restarts + 1,
          "MainPID %d -> %d, NRestarts %d -> %s" % (pid, main_pid(), restarts, prop("NRestarts")))
    wait_reading("serial", 40)
    time.sleep(3)
    after = journal_snapshot()
    texts = [v[1] for v in after.values()]
    missing_acked = [t for t in burst[:n_acked] if t not in texts]
    check("kill -9: every acknowledged scan is in the journal", not missing_acked and not lost(before, after),
          "%d of %d burst scans were acknowledged (%r...) before the kill; all %d are journaled; missing: %s; "
          "unacknowledged ones journaled after the restart: %d, never journaled: %s"
          % (n_acked, len(burst), acked[:4], n_acked, missing_acked,
             sum(1 for t in burst[n_acked:] if t in texts), [t for t in burst[n_acked:] if t not in texts]))
    sess = session_of("table-1")
    check("kill -9: open sessions resume", sess and sess["id"] == (ctx.get("session") or {}).get("id"), "after: %s" % sess)
    usb_scan_in_session("kill -9")


@step("close the return and check the note")
def _():
    g = ctx.get("gadget")
    if not g:
        record("SKIP", "close on the USB scanner", "no USB gadget")
        return
    got = type_and_expect(g, ["CMD:CLOSE"], "wedge")
    check("CMD:CLOSE applied", got and got[0]["outcome"] in ("commandApplied", "sessionClosed"), outcomes(got))
    notes = [n for n in ctl("notes") if n["order"] == "SO-1001"]
    if not check("return note for SO-1001 (returnsctl notes --json)", len(notes) == 1, [n.get("note") for n in notes]):
        return
    note = ctl("note", notes[0]["note"])
    lines = sorted((l["line"], l["quantity"]) for l in note["lines"])
    check("note lines: headphones 2, cables 3, jacket 1", lines == [(1, 2), (4, 3), (5, 1)],
          "%s lines %s refund %s" % (note["note"], lines, note.get("refundTotal")))
    check("no return left open in lane table-1", session_of("table-1") is None, api("/v1/sessions"))


@step("kernel event buffer overflows seen")
def _():
    j = sh("journalctl -u returnsd.service -o cat --no-pager").stdout
    syn = [l for l in j.splitlines() if "synDropped" in l]
    record("INFO", "SYN_DROPPED", "%d partial scan(s) dropped because the kernel's evdev buffer overflowed (the reader "
           "fell behind, here under software emulation): %s" % (len(syn), "; ".join(syn)[:600]))


@step("watchdog and a clean stop")
def _():
    wd = prop("WatchdogTimestampMonotonic")
    time.sleep(17)  # the daemon pings every 15 s (half of WatchdogSec=30s)
    wd2 = prop("WatchdogTimestampMonotonic")
    check("watchdog pings arrive", wd2 not in ("", "0") and wd2 != wd, "WatchdogTimestampMonotonic %s -> %s" % (wd, wd2))
    j = sh("journalctl -u returnsd.service -o cat --no-pager").stdout
    check("no watchdog timeout all along", "Watchdog timeout" not in j and "watchdog" not in prop("Result"), "Result=%s" % prop("Result"))
    m = sh(["/usr/local/bin/returnsctl", "status", "--json"])
    record("INFO", "final status", m.stdout.strip()[:600])
    cur = cursor()
    p = sh("systemctl stop returnsd.service")
    j = journal_since(cur)
    check("clean stop (SIGTERM, exit 0)", p.returncode == 0 and prop("Result") == "success" and prop("ExecMainStatus") == "0",
          "Result=%s ExecMainStatus=%s; %s" % (prop("Result"), prop("ExecMainStatus"), " | ".join(j.splitlines())[-300:]))


print("\nscenario done: %d failure(s)%s" % (len(failures), (": " + ", ".join(failures)) if failures else ""), flush=True)
sys.exit(1 if failures else 0)
