// A HID report descriptor as a device (or an attacker with a microcontroller) presents it, then a capture cut
// into reports by whatever the parser made of it.
import ScannerInput

func fuzzOne(_ bytes: [UInt8]) {
    guard let descriptor = try? HIDReportDescriptor.parse(bytes) else { return }
    for field in descriptor.inputFields {
        expect(field.bitCount >= 0, "a field has a size")
    }
    guard let interface = try? descriptor.barcodeScanner() else { return }
    expect((HIDPOSReportAssembler.minimumReportBytes...16_384).contains(descriptor.inputPayloadLength(reportID: interface.scannedDataReportID ?? 0)),
           "a scanned-data report holds 5 bytes to 16 KiB")
    // The descriptor's own bytes stand in for a capture: enough to walk the framing and the assembler.
    _ = HIDPOSCaptureDecoder.decode(bytes: bytes, framing: .descriptor(descriptor), interface: interface)
}
