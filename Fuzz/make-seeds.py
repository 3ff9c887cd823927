#!/usr/bin/env python3
"""Writes the seed corpora in Fuzz/Corpus/<target>/: well-formed inputs of each kind (and a few broken ones), so
libFuzzer starts from what devices, files and stations really send. Run again after changing it; commit the files."""
import json, os, struct

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)

def write(target, name, data):
    folder = os.path.join(here, "Corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

# Scan texts: the demo's scans plus the code families the classifier knows.
scans = [line.split("#")[0].strip() for line in open(os.path.join(root, "Examples/demo-scans.txt"), encoding="utf-8")]
scans = [s for s in scans if s] + [
    "]E04006381333931", "]C1010950600013435210LOT42\x1d17271231", "]C10109506000134352213456789\x1d10A1",
    "(01)09506000134352(17)271231(10)ABC", "]d2010950600013435221SER-0001\x1d11250101", "0614141999996",
    "urn:epc:tag:sgtin-96:1.0614141.812345.6789", "urn:epc:id:sgtin:0614141.812345.6789",
    "3034257BF7194E4000001A85", "3074257BF7194E4000001A85", "SO-1001", "RMA-2026-0001", "OP:ANNA",
    "RSN:QUALITY", "CND:DAMAGED", "DSP:SCRAP", "CMD:CLOSE", "CMD:CANCEL", "SUP:APPROVE", "0012345600012",
    "12345670", "]A0SO-1001", "]Q1{\"x\":1}", "\x7f", "   4006381333931  ", "9" * 600,
]
for index, text in enumerate(scans):
    write("scan-classifier", f"scan-{index:02}", text)

# Order files: the example CSV, the same orders as JSON, and a file with each kind of error.
csv = open(os.path.join(root, "Examples/orders.csv"), encoding="utf-8").read()
write("order-import", "example.csv", csv)
header, *rows = [line for line in csv.splitlines() if line]
columns = header.split(",")
records = [dict(zip(columns, row.split(","))) for row in rows]
for record in records:
    record["quantity"] = int(record["quantity"])
    record["returnable"] = record["returnable"] == "true"
    record["serials"] = [s for s in record["serials"].split("|") if s]
write("order-import", "example.json", json.dumps(records, ensure_ascii=False))
write("order-import", "errors.csv", header + "\nSO-1,x,SKU,123,d,-1,1e20,EURO,200,,,maybe,2026-02-30,-5,\n\"unclosed,1\n")
write("order-import", "quoted.csv", header + '\n"SO-2",1,"S,1","04006381333931","a ""quoted"" one",1,1.00,EUR,7,A|B,,true,2026-01-01,30,"X, Y"\n')
write("order-import", "nested.json", "[[[[{}]]]]")

# Keyboard-wedge: struct input_event on x86_64 (timeval, type, code, value = 24 bytes), typing scans.
EV_SYN, EV_KEY, EV_MSC = 0, 1, 4
keys = {**{str(d): 1 + d if d else 11 for d in range(10)}, "\n": 28, "-": 12, "S": 31, "O": 24, "A": 30, "N": 49}
def event(t_us, type_, code, value):
    return struct.pack("<qqHHi", t_us // 1_000_000, t_us % 1_000_000, type_, code, value)
def typed(text, start_us=1_000_000, gap_us=2_000, syn_dropped_at=None):
    out, t = b"", start_us
    for i, ch in enumerate(text):
        shift = ch.isalpha()
        if shift: out += event(t, EV_KEY, 42, 1) + event(t, EV_SYN, 0, 0)
        out += event(t, EV_MSC, 4, 0x70000 + keys[ch]) + event(t, EV_KEY, keys[ch], 1) + event(t, EV_SYN, 0, 0)
        if i == syn_dropped_at: out += event(t, EV_SYN, 3, 0)
        out += event(t + 500, EV_KEY, keys[ch], 0) + event(t + 500, EV_SYN, 0, 0)
        if shift: out += event(t + 600, EV_KEY, 42, 0) + event(t + 600, EV_SYN, 0, 0)
        t += gap_us
    return out
write("keyboard-wedge", "ean13", typed("4006381333931\n"))
write("keyboard-wedge", "order", typed("SO-1001\n"))
write("keyboard-wedge", "two-scans", typed("12345670\n") + typed("4006381333931\n", start_us=5_000_000))
write("keyboard-wedge", "slow-keys", typed("4006381333931\n", gap_us=900_000))
write("keyboard-wedge", "syn-dropped", typed("4006381333931\n", syn_dropped_at=4))
write("keyboard-wedge", "torn", typed("123\n")[:-7])

# HID POS: the descriptor of a Honeywell/Zebra scanner in HID POS mode (as in Tests/ScannerInputTests), variants,
# and scanned-data reports for it.
descriptor = bytes([
    0x06, 0x00, 0xFF, 0x09, 0x01, 0xA1, 0x01, 0x85, 0xFD, 0x15, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x08, 0x95, 0x3F,
    0x09, 0x01, 0x81, 0x02, 0xC0, 0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x09, 0x12, 0xA1, 0x02, 0x85, 0x02,
    0x15, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x08, 0x95, 0x01, 0xA4, 0x06, 0x66, 0xFF, 0x09, 0x01, 0x81, 0x02, 0xB4,
    0x09, 0xFB, 0x09, 0xFC, 0x09, 0xFD, 0x95, 0x03, 0x81, 0x02, 0x0B, 0xFE, 0x00, 0x8C, 0x00, 0x95, 0x38, 0x82,
    0x02, 0x01, 0x06, 0x66, 0xFF, 0x09, 0x04, 0x09, 0x05, 0x95, 0x02, 0x81, 0x02, 0x05, 0x8C, 0x09, 0xFF,
    0x25, 0x01, 0x75, 0x01, 0x95, 0x01, 0x81, 0x02, 0x75, 0x07, 0x81, 0x03, 0xC0, 0x85, 0x04, 0x09, 0x14,
    0x75, 0x08, 0x95, 0x01, 0x25, 0x01, 0x91, 0x02, 0x85, 0xFE, 0x09, 0x10, 0x95, 0x01, 0xB1, 0x02, 0xC0,
])
write("hid-descriptor", "honeywell-like", descriptor)
unnumbered = bytes([0x05, 0x8C, 0x09, 0x02, 0xA1, 0x01, 0x09, 0x12, 0xA1, 0x02, 0x15, 0x00, 0x26, 0xFF, 0x00,
                    0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0x0B, 0xFE, 0x00, 0x8C, 0x00, 0x95, 0x3F, 0x82, 0x02, 0x01,
                    0xC0, 0xC0])
write("hid-descriptor", "unnumbered", unnumbered)
write("hid-descriptor", "long-items", bytes([0xFE, 0x02, 0x10, 0xAA, 0xBB, 0x05, 0x8C, 0x27, 0xFF, 0xFF, 0xFF, 0x7F, 0x77, 0x00, 0x01, 0x00, 0x00]))
def report(data, aim=b"]C1", more=False):
    body = bytes([2, len(data)]) + aim + data
    return body + bytes(63 - len(body)) + bytes([1 if more else 0])
write("hid-reports", "one", report(b"4006381333931"))
write("hid-reports", "continued", report(b"A" * 56, more=True) + report(b"0109506000134352", aim=b"]d2"))
write("hid-reports", "vendor-report", bytes([0xFD]) + bytes(63) + report(b"SO-1001"))
write("hid-reports", "length-lies", bytes([2, 200]) + b"]E0" + bytes(59))

# Serial: byte 0 = framing (low 2 bits: CR, LF, CRLF, STX/ETX) and maximum length (high 6 bits + 1), byte 1 =
# read size - 1.
def serial(framing, max_length, read_size, stream):
    return bytes([(max_length - 1) << 2 | framing, read_size - 1]) + stream
write("serial-framer", "cr", serial(0, 64, 8, b"4006381333931\rSO-1001\r\n"))
write("serial-framer", "lf", serial(1, 64, 255, b"4006381333931\nSO-1001\n"))
write("serial-framer", "crlf", serial(2, 16, 3, b"4006381333931\r\n12345678901234567890\r\n\n"))
write("serial-framer", "stx-etx", serial(3, 32, 5, b"junk\x024006381333931\x03\r\n\x02cut\x02again\x03"))
write("serial-framer", "overlong", serial(0, 4, 1, b"123456789\r12\r"))

# RFID report lines in each configured format.
write("rfid-report", "epc-only", b"3034257BF7194E4000001A85\n3074257BF7194E4000001A85\n")
write("rfid-report", "csv", b"3034257BF7194E4000001A85,2,-61.5\nE2003412012345678901ABCD,1\n")
write("rfid-report", "labelled", b"EPC:3034257BF7194E4000001A85 ANT:1\nEPC:ZZ ANT:x\n")
write("rfid-report", "skip", b"17:02:11;3034257BF7194E4000001A85;T;-58\n;;;\n")

# Station configuration: the example file and small ones.
write("station-config", "example.toml", open(os.path.join(root, "Examples/returnsd.toml"), encoding="utf-8").read())
write("station-config", "minimal.toml", 'station_id = "dock-1"\n')
write("station-config", "arrays.toml", '[[device]]\nkind = "serial"\npath = "/dev/ttyUSB0"\nproperties = ["a\\"]", "b",\n  "c=d"]\n# done\n')

# Ledger submissions: a note as a station sends it (one line with an override), and broken ones.
note = {
    "id": "6F9619FF-8B86-D011-B42D-00C04FC964FF", "station": "dock-1", "noteNumber": "RN-dock-1-000001",
    "orderNumber": "SO-1001", "customer": "Müller GmbH", "closedAtMillis": 1_793_000_000_000, "closedOn": "2026-10-26",
    "currency": "EUR", "refundPolicy": "rp-95d2e3875f1c9d80", "operatorID": "ANNA",
    "lines": [{
        "orderLine": 2, "gtin": "09506000134352", "sku": "TAB-10", "quantity": 1, "condition": "OPENED",
        "reason": "QUALITY", "disposition": "REFURBISH", "serials": ["TAB-0001"], "lots": [], "unitPriceMinor": 29900,
        "taxRateBasisPoints": 1900, "grossMinor": 29900, "feeMinor": 0, "taxMinor": 4774, "refundMinor": 29900,
        "override": {"rule": "outsideWindow", "approvedBy": "root (uid 0)", "approvedAtMillis": 1_792_999_000_000, "exceptionID": 7},
    }],
}
write("ledger-submission", "note.json", json.dumps(note, ensure_ascii=False))
plain = dict(note, lines=[dict(note["lines"][0], override=None, serials=[], quantity=2)])
del plain["refundPolicy"], plain["operatorID"], plain["closedOn"]
write("ledger-submission", "plain.json", json.dumps(plain))
write("ledger-submission", "bad-day.json", json.dumps(dict(note, closedOn="2026-02-30")))
