import Testing
import ScannerInput

@Suite("Keyboard wedge, US layout, events through a pipe")
struct KeyboardWedgeUSTests {
    func run(_ script: KeyScript, layout: KeyboardLayout = .us,
             configuration: KeystrokeAssembler.Configuration = .init()) throws -> [DecoderOutput] {
        var decoder = try KeyboardWedgeDecoder(deviceID: "wedge-1", layout: layout, configuration: configuration)
        return decode(try roundTripThroughPipe(script.events), with: &decoder)
    }

    @Test func shiftedTextEndsAtEnter() throws {
        var script = KeyScript()
        script.typeUS("Hello")
        script.tap(Key.minus)
        script.typeUS("123")
        script.tap(Key.enter)
        let outcomes = try run(script)
        #expect(outcomes.map(\.scannedText) == ["Hello-123"])
        guard case .scan(let scan) = outcomes.first else { return }
        #expect(scan.deviceID == "wedge-1")
        #expect(scan.symbologyHint == nil)
        // The scan is complete when Enter goes down, one key gap before its release.
        #expect(scan.monotonicNanos == script.events.last!.timestampNanos - script.keyGapNanos)
    }

    @Test func capsLockUppercasesLettersAndShiftInvertsIt() throws {
        var script = KeyScript()
        script.tap(Key.capsLock)
        script.tap(Key.us("a"))
        script.chord([Key.leftShift], Key.us("b"))
        script.tap(Key.us("1"))
        script.tap(Key.capsLock)
        script.tap(Key.us("c"))
        script.tap(Key.enter)
        #expect(try run(script).map(\.scannedText) == ["Ab1c"])
    }

    @Test func ctrlRightBracketGivesGroupSeparator() throws {
        var script = KeyScript()
        script.typeUS("0109506000134352")
        script.chord([Key.leftCtrl], Key.rightBrace)
        script.typeUS("10ABC")
        script.tap(Key.enter)
        let expected = Array("0109506000134352".utf8) + [0x1D] + Array("10ABC".utf8)
        #expect(try run(script).map(\.scannedBytes) == [expected])
    }

    @Test func ctrlLettersGiveControlCharacters() throws {
        var script = KeyScript()
        script.chord([Key.leftCtrl], Key.us("d"))  // EOT
        script.chord([Key.leftCtrl, Key.leftShift], Key.digits["6"]!)  // Ctrl+^ → RS
        script.tap(Key.enter)
        #expect(try run(script).map(\.scannedBytes) == [[0x04, 0x1E]])
    }

    @Test func altKeypadCodesGiveTheirCharacter() throws {
        var script = KeyScript()
        script.typeUS("A")
        script.altCode("0029")
        script.typeUS("B")
        script.altCode("65")
        script.tap(Key.enter)
        #expect(try run(script).map(\.scannedBytes) == [[0x41, 0x1D, 0x42, 0x41]])
    }

    @Test func keyRepeatsAreIgnored() throws {
        var script = KeyScript()
        script.press(Key.us("a"))
        for _ in 0..<3 { script.key(Key.us("a"), value: 2) }
        script.release(Key.us("a"))
        script.tap(Key.us("b"))
        script.tap(Key.enter)
        #expect(try run(script).map(\.scannedText) == ["ab"])
    }

    @Test func enterAloneIsNotAScan() throws {
        var script = KeyScript()
        script.tap(Key.enter)
        script.tap(Key.kpEnter)
        #expect(try run(script).isEmpty)
    }

    @Test func configuredTerminatorsOnly() throws {
        var script = KeyScript()
        script.typeUS("ab")
        script.tap(Key.tab)
        script.typeUS("cd")
        script.tap(Key.kpEnter)
        script.typeUS("ef")
        script.tap(Key.enter)
        let tabOnly = KeystrokeAssembler.Configuration(terminators: [.tab])
        // Enter and keypad Enter then stay in the data as CR; the last scan has no terminator yet.
        #expect(try run(script, configuration: tabOnly).map(\.scannedText) == ["ab"])
        let enters = KeystrokeAssembler.Configuration(terminators: [.enter, .keypadEnter])
        #expect(try run(script, configuration: enters).map(\.scannedText) == ["ab\tcd", "ef"])
    }
}
