// A HID report descriptor as a device (or an attacker with a microcontroller) presents it, then a capture cut
// into reports by whatever the parser made of it.
import ScannerInput

func fuzzOne(_ bytes: [UInt8]) {
    guard let descriptor = try? HIDReportDescriptor.parse(bytes) else { return }
    // The limits Linux's HID core enforces hold for every accepted descriptor: a field at most 256 × 12,288
    // bits, and every input report, fields summed, at most 16 KiB.
    for field in descriptor.inputFields {
        expect((0...256 * 12_288).contains(field.bitCount), "a field of \(field.bitCount) bits passed the limits")
    }
    for reportID in Set(descriptor.inputFields.map(\.reportID)) {
        expect(descriptor.inputPayloadLength(reportID: reportID) <= 16_384, "report \(reportID) is longer than 16 KiB")
    }
    guard let interface = try? descriptor.barcodeScanner() else { return }
    expect((HIDPOSReportAssembler.minimumReportBytes...16_384).contains(descriptor.inputPayloadLength(reportID: interface.scannedDataReportID ?? 0)),
           "a scanned-data report holds 5 bytes to 16 KiB")
    // The descriptor's own bytes stand in for a capture: enough to walk the framing and the assembler.
    _ = HIDPOSCaptureDecoder.decode(bytes: bytes, framing: .descriptor(descriptor), interface: interface)
}
