import Testing
import ScannerInput

/// Captures built from the same `input_event` records the kernel writes (``KeyScript``), as
/// `cat /dev/input/eventN > capture` would have saved them.
@Suite("evdev capture decoding")
struct EvdevCaptureDecoderTests {
    func gs1Scan(_ script: inout KeyScript) {
        script.typeUS("0104006381333931")
        script.chord([Key.leftCtrl], Key.rightBrace)  // Ctrl+] → GS
        script.typeUS("10ABC")
        script.tap(Key.enter)
    }

    @Test func scansWithControlCharactersAndRecordTimestamps() throws {
        var script = KeyScript(start: 1_732_700_000_000_000_000)
        gs1Scan(&script)
        script.wait(nanos: 1_000_000_000)
        script.typeUS("RMA12345")
        script.tap(Key.kpEnter)
        let entries = try EvdevCaptureDecoder.decode(bytes: script.bytes)
        #expect(entries.map(\.kind) == [.scan, .scan])
        #expect(entries.map(\.text) == ["0104006381333931<GS>10ABC", "RMA12345"])
        #expect(entries[0].bytes.contains(0x1D))
        // The time is the Enter press record's own timestamp, and the offset points at that record.
        let enterPress = script.events.firstIndex { $0.type == 1 && $0.code == Key.enter && $0.value == 1 }!
        #expect(entries[0].timestampNanos == script.events[enterPress].timestampNanos)
        #expect(entries[0].offset == enterPress * InputEvent.kernelSize)
        #expect(CaptureSummary(entries).exitStatus == 0)
    }

    @Test func truncatedTrailingRecordIsReportedNotIgnored() throws {
        var script = KeyScript()
        script.typeUS("4006381333931")
        script.tap(Key.enter)
        script.typeUS("12")  // the capture was stopped while the next scan was typed…
        let cut = Array(script.bytes.dropLast(7))  // …and in the middle of a record
        let entries = try EvdevCaptureDecoder.decode(bytes: cut)
        #expect(entries.map(\.kind) == [.scan, .dropped, .truncated])
        #expect(entries[0].text == "4006381333931")
        #expect(entries[1].reason == .endOfCapture)
        #expect(entries[1].text == "12")
        #expect(entries[2].bytes.count == InputEvent.kernelSize - 7)
        #expect(entries[2].offset == (script.events.count - 1) * InputEvent.kernelSize)
        let summary = CaptureSummary(entries)
        #expect(summary.exitStatus == 2)
        #expect(summary.problems.contains { $0.contains("truncated") })
    }

    @Test func layoutsDecodeTheSameKeycodesDifferently() throws {
        var script = KeyScript()
        script.tap(Key.letters["y"]!)
        script.tap(Key.letters["z"]!)
        script.tap(Key.minus)
        script.chord([Key.leftShift], Key.digits["7"]!)
        script.tap(Key.enter)
        let us = try EvdevCaptureDecoder.decode(bytes: script.bytes, layout: .us)
        let de = try EvdevCaptureDecoder.decode(bytes: script.bytes, layout: KeyboardLayout(layout: "de"))
        let fr = try EvdevCaptureDecoder.decode(bytes: script.bytes, layout: KeyboardLayout(layout: "fr"))
        #expect(us.map(\.text) == ["yz-&"])
        #expect(de.map(\.text) == ["zyß/"])
        #expect(fr.map(\.text) == ["yw)7"])
    }

    @Test func variantIsPassedThrough() throws {
        var script = KeyScript()
        script.tap(Key.letters["y"]!)
        script.tap(Key.enter)
        #expect(try EvdevCaptureDecoder.decode(bytes: script.bytes, layout: KeyboardLayout(layout: "cz")).map(\.text) == ["z"])
        #expect(try EvdevCaptureDecoder.decode(bytes: script.bytes, layout: KeyboardLayout(layout: "cz", variant: "qwerty")).map(\.text) == ["y"])
    }

    @Test func timeoutAndSynDroppedPartialsAreListedWithReasons() throws {
        var script = KeyScript()
        script.typeUS("123")
        script.wait(nanos: 500_000_000)  // longer than the 200 ms inter-key timeout
        script.typeUS("456")
        script.synDropped()
        script.typeUS("789")
        script.tap(Key.enter)
        let entries = try EvdevCaptureDecoder.decode(bytes: script.bytes)
        #expect(entries.map(\.kind) == [.dropped, .dropped, .scan])
        #expect(entries.map(\.reason) == [.timeout, .synDropped, nil])
        // After SYN_DROPPED the kernel's rule is to ignore events up to the next SYN_REPORT, so the
        // "7" press that shares that packet is gone too; what the capture shows is what the dock saw.
        #expect(entries.map(\.text) == ["123", "456", "89"])
    }

    @Test func configurationChoosesTheTerminator() throws {
        var script = KeyScript()
        script.typeUS("ABC")
        script.tap(Key.tab)
        let tabEnds = try EvdevCaptureDecoder.decode(
            bytes: script.bytes, configuration: KeystrokeAssembler.Configuration(terminators: [.tab]))
        #expect(tabEnds.map(\.text) == ["ABC"])
        // With the default terminators the tab is data and the capture ends mid-scan.
        let entries = try EvdevCaptureDecoder.decode(bytes: script.bytes)
        #expect(entries.map(\.reason) == [.endOfCapture])
        #expect(entries.map(\.text) == ["ABC<TAB>"])
        #expect(CaptureSummary(entries).exitStatus == 1)
    }

    @Test func emptyOrForeignCaptureIsNothingValid() throws {
        #expect(try EvdevCaptureDecoder.decode(bytes: []).isEmpty)
        #expect(CaptureSummary([]).exitStatus == 1)
        #expect(CaptureSummary([]).problems == ["no scan found in the capture"])
        // A hidraw capture fed to the evdev decoder: records with nonsense event types.
        let hid = [UInt8](repeating: 0xAB, count: InputEvent.kernelSize * 4)
        let entries = try EvdevCaptureDecoder.decode(bytes: hid)
        #expect(entries.map(\.kind) == [.unreadable])
        #expect(entries[0].note?.contains("not a capture of /dev/input/event*") == true)
        #expect(CaptureSummary(entries).exitStatus == 1)
    }

    @Test func unknownLayoutThrowsTypedError() {
        #expect(throws: DeviceError.self) {
            _ = try EvdevCaptureDecoder.decode(bytes: [], layout: KeyboardLayout(layout: "xx-none"))
        }
    }

    /// A kept decoder (the fuzz target's, which saves compiling a keymap per input) starts every capture as a new one
    /// would: Caps Lock, a held Shift and a partial scan left by the previous capture are gone.
    @Test func keptDecoderStartsEachCaptureAfresh() throws {
        var leftover = KeyScript()
        leftover.tap(Key.capsLock)
        leftover.press(Key.leftShift)
        leftover.typeUS("12")
        var scan = KeyScript(start: leftover.now + 10_000_000)
        scan.typeUS("ab1")
        scan.tap(Key.enter)
        var decoder = try KeyboardWedgeDecoder(deviceID: "capture")
        _ = EvdevCaptureDecoder.decode(bytes: leftover.bytes, with: &decoder)
        let kept = EvdevCaptureDecoder.decode(bytes: scan.bytes, with: &decoder)
        let fresh = try EvdevCaptureDecoder.decode(bytes: scan.bytes)
        #expect(fresh.map(\.text) == ["ab1"])
        #expect(kept == fresh)
    }
}
