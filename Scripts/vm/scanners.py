"""Virtual scanners for the VM test (guest side, run as root).

- UinputScanner: a keyboard-wedge scanner made by uinput (python3-evdev), with a real scanner's
  vendor/product ids. Not a USB device: udev's usb_id and the project's rules do not see it as one.
- HIDGadgetScanner: a real USB HID boot keyboard, made with the configfs HID function on dummy_hcd;
  the guest kernel's usbhid enumerates it like a scanner plugged into a USB port.
- PtyScanner: a serial scanner (or RFID reader) behind a pseudo-terminal, with a stable symlink;
  it records every byte the daemon writes back (good-read / bad-read feedback).
- EventSpy: a second, non-grabbing reader of an event node (what a console would see).
- wait_for: polling with a deadline, shared by scenario.py and powercut.py.
"""
import errno
import fcntl
import os
import select
import struct
import threading
import time
import tty

# --- US layout: character -> (evdev key name, HID usage, shift) -----------------------------------
_US = {}
for i, c in enumerate("abcdefghijklmnopqrstuvwxyz"):
    _US[c] = ("KEY_" + c.upper(), 4 + i, False)
    _US[c.upper()] = ("KEY_" + c.upper(), 4 + i, True)
for i, c in enumerate("1234567890"):
    _US[c] = ("KEY_" + c, 30 + i, False)
_US.update({
    "-": ("KEY_MINUS", 45, False), "_": ("KEY_MINUS", 45, True),
    ":": ("KEY_SEMICOLON", 51, True), ";": ("KEY_SEMICOLON", 51, False),
    ".": ("KEY_DOT", 55, False), "/": ("KEY_SLASH", 56, False),
    " ": ("KEY_SPACE", 44, False), "\n": ("KEY_ENTER", 40, False),
})


class UinputScanner:
    """A keyboard-wedge scanner created with uinput; plug() creates it, unplug() destroys it."""

    def __init__(self, name, vendor, product, version=0x0100):
        from evdev import ecodes
        self.ecodes = ecodes
        self.name, self.vendor, self.product, self.version = name, vendor, product, version
        self.dev = None

    def plug(self):
        from evdev import UInput
        e = self.ecodes
        keys = sorted({getattr(e, k) for k, _, _ in _US.values()} | {e.KEY_LEFTSHIFT, e.KEY_KPENTER})
        self.dev = UInput({e.EV_KEY: keys}, name=self.name, vendor=self.vendor, product=self.product,
                          version=self.version, bustype=e.BUS_USB)
        return self.dev.device.path if getattr(self.dev, "device", None) else None

    def unplug(self):
        if self.dev:
            self.dev.close()
            self.dev = None

    def type(self, text, enter=True, gap=0.008):
        e, ui = self.ecodes, self.dev
        for c in text + ("\n" if enter else ""):
            key, _, shift = _US[c]
            code = getattr(e, key)
            if shift:
                ui.write(e.EV_KEY, e.KEY_LEFTSHIFT, 1)
            ui.write(e.EV_KEY, code, 1)
            ui.syn()
            ui.write(e.EV_KEY, code, 0)
            if shift:
                ui.write(e.EV_KEY, e.KEY_LEFTSHIFT, 0)
            ui.syn()
            time.sleep(gap)


# Standard boot keyboard report descriptor (HID 1.11, appendix B.1): 8-byte reports.
BOOT_KEYBOARD_DESCRIPTOR = bytes.fromhex(
    "05 01 09 06 a1 01 05 07 19 e0 29 e7 15 00 25 01 75 01 95 08 81 02 95 01 75 08 81 03"
    " 95 05 75 01 05 08 19 01 29 05 91 02 95 01 75 03 91 03 95 06 75 08 15 00 25 65 05 07"
    " 19 00 29 65 81 00 c0")


class HIDGadgetScanner:
    """A USB keyboard-wedge scanner: configfs HID gadget on dummy_hcd (the guest's own USB host)."""

    def __init__(self, vendor=0x0C2E, product=0x0204, serial="VM0001", manufacturer="Honeywell",
                 product_name="Xenon 1900g (dummy_hcd gadget)", name="rs_scanner"):
        self.base = "/sys/kernel/config/usb_gadget/" + name
        self.vendor, self.product, self.serial = vendor, product, serial
        self.manufacturer, self.product_name = manufacturer, product_name
        self.udc = None

    @staticmethod
    def _w(path, value):
        with open(path, "wb" if isinstance(value, bytes) else "w") as f:
            f.write(value)

    def create(self):
        if not os.path.ismount("/sys/kernel/config"):
            os.system("mount -t configfs none /sys/kernel/config")
        b = self.base
        os.makedirs(b, exist_ok=True)
        self._w(b + "/idVendor", "0x%04x" % self.vendor)
        self._w(b + "/idProduct", "0x%04x" % self.product)
        self._w(b + "/bcdDevice", "0x0100")
        self._w(b + "/bcdUSB", "0x0200")
        os.makedirs(b + "/strings/0x409", exist_ok=True)
        self._w(b + "/strings/0x409/manufacturer", self.manufacturer)
        self._w(b + "/strings/0x409/product", self.product_name)
        self._w(b + "/strings/0x409/serialnumber", self.serial)
        os.makedirs(b + "/configs/c.1/strings/0x409", exist_ok=True)
        self._w(b + "/configs/c.1/strings/0x409/configuration", "keyboard wedge")
        self._w(b + "/configs/c.1/MaxPower", "100")
        f = b + "/functions/hid.usb0"
        os.makedirs(f, exist_ok=True)
        self._w(f + "/protocol", "1")
        self._w(f + "/subclass", "1")
        self._w(f + "/report_length", "8")
        self._w(f + "/report_desc", BOOT_KEYBOARD_DESCRIPTOR)
        if not os.path.exists(b + "/configs/c.1/hid.usb0"):
            os.symlink(f, b + "/configs/c.1/hid.usb0")
        udcs = sorted(os.listdir("/sys/class/udc"))
        if not udcs:
            raise RuntimeError("no UDC in /sys/class/udc (dummy_hcd not loaded?)")
        self.udc = udcs[0]

    def plug(self):
        self._w(self.base + "/UDC", self.udc)

    def unplug(self):
        self._w(self.base + "/UDC", "\n")

    def _report(self, fd, data, timeout=5.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                os.write(fd, data)
                return
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.EINTR):
                    raise
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the USB host did not take a HID report within %.0fs (nobody polling?)" % timeout)
            select.select([], [fd], [], min(left, 0.05))

    def type(self, text, enter=True, gap=0.01):
        fd = os.open("/dev/hidg0", os.O_RDWR | os.O_NONBLOCK)
        try:
            for c in text + ("\n" if enter else ""):
                _, usage, shift = _US[c]
                self._report(fd, bytes([0x02 if shift else 0, 0, usage, 0, 0, 0, 0, 0]))
                self._report(fd, bytes(8))
                if gap:
                    time.sleep(gap)
        finally:
            os.close(fd)


class PtyScanner:
    """A serial scanner behind a pseudo-terminal; `link` is the stable name the daemon is configured with."""

    def __init__(self, link, uid, gid, terminator=b"\r"):
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.tty = os.ttyname(self.slave)
        os.chown(self.tty, uid, gid)
        os.chmod(self.tty, 0o660)
        os.makedirs(os.path.dirname(link), exist_ok=True)
        if os.path.lexists(link):
            os.unlink(link)
        os.symlink(self.tty, link)
        self.link = link
        self.terminator = terminator
        self.received = []  # (monotonic time, bytes) the daemon wrote back
        self.lock = threading.Lock()
        fl = fcntl.fcntl(self.master, fcntl.F_GETFL)
        fcntl.fcntl(self.master, fcntl.F_SETFL, fl | os.O_NONBLOCK)
        self._stop = False
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self):
        while not self._stop:
            r, _, _ = select.select([self.master], [], [], 0.1)
            if not r:
                continue
            try:
                data = os.read(self.master, 4096)
            except OSError:
                time.sleep(0.05)
                continue
            with self.lock:
                self.received.append((time.monotonic(), data))

    def feedback(self):
        with self.lock:
            return b"".join(d for _, d in self.received)

    def send(self, text):
        data = (text.encode() if isinstance(text, str) else text) + self.terminator
        while data:
            try:
                n = os.write(self.master, data)
                data = data[n:]
            except BlockingIOError:
                time.sleep(0.01)


class EventSpy:
    """Opens an event node WITHOUT grabbing it and counts the key events it is given."""

    EVENT = struct.Struct("llHHi")

    def __init__(self, path):
        self.path = path
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self.keys = 0
        self.events = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        buf = b""
        while not self._stop:
            r, _, _ = select.select([self.fd], [], [], 0.1)
            if not r:
                continue
            try:
                chunk = os.read(self.fd, 24 * 64)
            except OSError as e:
                if e.errno == errno.EAGAIN:
                    continue
                return  # ENODEV: the device went away
            buf += chunk
            while len(buf) >= 24:
                _, _, etype, _, _ = self.EVENT.unpack(buf[:24])
                buf = buf[24:]
                self.events += 1
                if etype == 1:
                    self.keys += 1

    def close(self):
        self._stop = True
        self.thread.join(1)
        os.close(self.fd)


def try_grab(path):
    """EVIOCGRAB on `path`: None if we got the grab (and released it), else the errno name."""
    EVIOCGRAB = 0x40044590
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        fcntl.ioctl(fd, EVIOCGRAB, 1)
        fcntl.ioctl(fd, EVIOCGRAB, 0)
        return None
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))
    finally:
        os.close(fd)


def wait_for(what, predicate, timeout=30, interval=0.25):
    """Polls `predicate` until it returns something true (returned) or `timeout` s pass (TimeoutError)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except Exception as e:  # noqa: BLE001 - the daemon may be restarting
            last = e
        time.sleep(interval)
    raise TimeoutError("%s: not within %ss (last: %r)" % (what, timeout, last))
