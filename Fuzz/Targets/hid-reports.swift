// What /dev/hidrawN delivers from a HID POS scanner: reports for the descriptor of a Honeywell/Zebra scanner
// (report id 2, 64 bytes: length, AIM, data, continuation bit) and for a device that numbers no reports.
import Foundation
import ScannerInput

// The descriptor is the committed seed Fuzz/make-seeds.py writes (one copy of its bytes), found beside this file.
let scannerDescriptor: [UInt8] = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Corpus/hid-descriptor/honeywell-like").standardized.path
    guard let data = FileManager.default.contents(atPath: path) else { fatalError("no scanner descriptor at \(path)") }
    return Array(data)
}()

func fuzzOne(_ bytes: [UInt8]) {
    guard let entries = try? HIDPOSCaptureDecoder.decode(bytes: bytes, descriptor: scannerDescriptor) else {
        fatalError("the fixture descriptor parses")
    }
    for entry in entries where entry.kind == .scan {
        expect(entry.bytes.count <= 8192, "a scan is at most the assembler's 8192 bytes (maxLength)")
    }
    // Unnumbered reports, and reports too short to hold their own length byte's promise.
    _ = try? HIDPOSCaptureDecoder.decode(bytes: bytes, reportSize: 64, reportID: nil)
    _ = try? HIDPOSCaptureDecoder.decode(bytes: bytes, reportSize: 5, reportID: 2)
}
