// A keyboard-wedge scanner's evdev node as the kernel delivers it: a stream of struct input_event records (any
// types, codes and values, SYN_DROPPED, torn records), decoded through the US and German keymaps.
import ScannerInput

let configuration = KeystrokeAssembler.Configuration()

// libFuzzer calls the target on one thread only, so these decoders are never used concurrently. They are kept
// (and reset before every input by `decode(bytes:with:)`) because compiling a keymap costs ~10 ms per input.
nonisolated(unsafe) var usDecoder = try! KeyboardWedgeDecoder(deviceID: "fuzz", layout: .us, configuration: configuration)
nonisolated(unsafe) var germanDecoder = try! KeyboardWedgeDecoder(deviceID: "fuzz", layout: KeyboardLayout(layout: "de"), configuration: configuration)

func fuzzOne(_ bytes: [UInt8]) {
    let entries = EvdevCaptureDecoder.decode(bytes: bytes, with: &usDecoder)
        + EvdevCaptureDecoder.decode(bytes: bytes, with: &germanDecoder)
    for entry in entries where entry.kind == .scan {
        expect(entry.bytes.count <= configuration.maxLength, "a scan is at most \(configuration.maxLength) bytes")
    }
}
