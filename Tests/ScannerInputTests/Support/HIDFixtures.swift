import Glibc
import ScannerInput

enum HIDFixtures {
    /// Shaped like the descriptor of a Honeywell/Zebra scanner in HID POS mode: a vendor collection
    /// first, then the 0x8C/0x02 application collection with the Scanned Data Report (id 2, 64 bytes:
    /// length, 3 AIM bytes, 56 data bytes, 2 vendor bytes, continuation bit + padding), a trigger
    /// output report and a feature report.
    static let scannerDescriptor: [UInt8] = [
        0x06, 0x00, 0xFF,        // Usage Page (Vendor 0xFF00)
        0x09, 0x01,              // Usage (1)
        0xA1, 0x01,              // Collection (Application)
        0x85, 0xFD,              //   Report ID (0xFD)
        0x15, 0x00, 0x26, 0xFF, 0x00,  // Logical Minimum (0), Logical Maximum (255)
        0x75, 0x08, 0x95, 0x3F,  //   Report Size (8), Report Count (63)
        0x09, 0x01, 0x81, 0x02,  //   Usage (1), Input (Data,Var,Abs)
        0xC0,                    // End Collection
        0x05, 0x8C,              // Usage Page (Bar Code Scanner)
        0x09, 0x02,              // Usage (Bar Code Scanner)
        0xA1, 0x01,              // Collection (Application)
        0x09, 0x12,              //   Usage (Scanned Data Report)
        0xA1, 0x02,              //   Collection (Logical)
        0x85, 0x02,              //     Report ID (2)
        0x15, 0x00, 0x26, 0xFF, 0x00,
        0x75, 0x08, 0x95, 0x01,  //     Report Size (8), Report Count (1)
        0xA4,                    //     Push
        0x06, 0x66, 0xFF,        //     Usage Page (Vendor 0xFF66)
        0x09, 0x01, 0x81, 0x02,  //     Usage (1), Input: the length byte
        0xB4,                    //     Pop (usage page back to 0x8C)
        0x09, 0xFB, 0x09, 0xFC, 0x09, 0xFD,  // Usage (Symbology Identifier 1…3)
        0x95, 0x03, 0x81, 0x02,  //     Report Count (3), Input
        0x0B, 0xFE, 0x00, 0x8C, 0x00,  //  Usage (0x8C:0xFE Decoded Data), extended form
        0x95, 0x38, 0x82, 0x02, 0x01,  //  Report Count (56), Input (Data,Var,Abs,Buffered Bytes)
        0x06, 0x66, 0xFF, 0x09, 0x04, 0x09, 0x05,  // vendor usages (code id, reserved)
        0x95, 0x02, 0x81, 0x02,  //     Report Count (2), Input
        0x05, 0x8C, 0x09, 0xFF,  //     Usage (Decode Data Continued)
        0x25, 0x01, 0x75, 0x01, 0x95, 0x01, 0x81, 0x02,  // 1 bit
        0x75, 0x07, 0x81, 0x03,  //     7 bits padding (Constant)
        0xC0,                    //   End Collection
        0x85, 0x04,              //   Report ID (4): trigger (output)
        0x09, 0x14, 0x75, 0x08, 0x95, 0x01, 0x25, 0x01, 0x91, 0x02,
        0x85, 0xFE,              //   Report ID (0xFE): feature
        0x09, 0x10, 0x95, 0x01, 0xB1, 0x02,
        0xC0,                    // End Collection
    ]

    /// One scanned-data report as hidraw returns it (64 bytes with id 2).
    static func report(
        _ data: ArraySlice<UInt8>, aim: String = "]C1", more: Bool = false, id: UInt8? = 2, size: Int = 64
    ) -> [UInt8] {
        var report = id.map { [$0] } ?? []
        report.append(UInt8(data.count))
        report += Array(aim.utf8.prefix(3)) + [UInt8](repeating: 0, count: max(0, 3 - aim.utf8.count))
        report += data
        report += [UInt8](repeating: 0, count: size - 1 - report.count)
        report.append(more ? 0x01 : 0x00)
        return report
    }

    /// Splits `data` into reports of at most 56 data bytes, flagging all but the last as continued.
    static func reports(for data: [UInt8], aim: String = "]C1") -> [[UInt8]] {
        stride(from: 0, to: data.count, by: 56).map { start in
            let end = min(data.count, start + 56)
            return report(data[start..<end], aim: aim, more: end < data.count)
        }
    }
}

/// A SOCK_SEQPACKET pair: unlike a pipe it keeps each write a separate read, as hidraw keeps reports.
struct PacketPair: ~Copyable {
    var reader: OwnedDescriptor?
    let writeFD: Int32

    init() {
        var fds: [Int32] = [0, 0]
        precondition(socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue), 0, &fds) == 0)
        reader = OwnedDescriptor(adopting: fds[0], path: "seqpacket:\(fds[0])")
        writeFD = fds[1]
    }

    func send(_ packet: [UInt8]) {
        let n = packet.withUnsafeBytes { Glibc.write(writeFD, $0.baseAddress, $0.count) }
        precondition(n == packet.count)
    }

    deinit { Glibc.close(writeFD) }
}
