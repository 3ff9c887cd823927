import Testing
import ScannerInput

@Suite("Keyboard wedge, other layouts")
struct KeyboardWedgeLayoutTests {
    func run(_ script: KeyScript, layout: KeyboardLayout) throws -> [DecoderOutput] {
        var decoder = try KeyboardWedgeDecoder(deviceID: "wedge-de", layout: layout)
        return decode(try roundTripThroughPipe(script.events), with: &decoder)
    }

    @Test func germanSwapsZAndYAndHasAltGr() throws {
        var script = KeyScript()
        script.tap(Key.letters["y"]!)  // QWERTZ: this position is Z
        script.tap(Key.letters["z"]!)  // … and this one Y
        script.chord([Key.rightAlt], Key.letters["q"]!)  // AltGr+Q → @
        script.chord([Key.leftShift], Key.digits["7"]!)  // Shift+7 → /
        script.chord([Key.rightAlt], Key.digits["8"]!)  // AltGr+8 → [
        script.tap(Key.enter)
        #expect(try run(script, layout: KeyboardLayout(layout: "de")).map(\.scannedText) == ["zy@/["])
    }

    @Test func germanCtrlAltGrNineIsGroupSeparator() throws {
        // On a German keyboard "]" is AltGr+9, so a scanner sends Ctrl+AltGr+9 for GS.
        var script = KeyScript()
        script.typeUS("01")
        script.chord([Key.leftCtrl, Key.rightAlt], Key.digits["9"]!)
        script.typeUS("21")
        script.tap(Key.enter)
        #expect(try run(script, layout: KeyboardLayout(layout: "de")).map(\.scannedBytes) == [[0x30, 0x31, 0x1D, 0x32, 0x31]])
    }

    @Test func germanLayoutDecodesDifferentlyFromUS() throws {
        var script = KeyScript()
        script.tap(Key.letters["y"]!)
        script.tap(Key.minus)
        script.tap(Key.enter)
        #expect(try run(script, layout: .us).map(\.scannedText) == ["y-"])
        #expect(try run(script, layout: KeyboardLayout(layout: "de")).map(\.scannedText) == ["zß"])
    }

    @Test func czechDigitRowNeedsShiftForDigits() throws {
        var script = KeyScript()
        for d in "123" { script.chord([Key.leftShift], Key.digits[d]!) }
        for d in "2345" { script.tap(Key.digits[d]!) }  // unshifted: ě š č ř
        script.tap(Key.letters["y"]!)  // cz is QWERTZ as well
        script.tap(Key.enter)
        #expect(try run(script, layout: KeyboardLayout(layout: "cz")).map(\.scannedText) == ["123ěščřz"])
    }

    @Test func variantIsHonoured() throws {
        // cz "qwerty" variant keeps Y where US has it.
        var script = KeyScript()
        script.tap(Key.letters["y"]!)
        script.tap(Key.enter)
        #expect(try run(script, layout: KeyboardLayout(layout: "cz", variant: "qwerty")).map(\.scannedText) == ["y"])
    }

    @Test func unknownLayoutIsATypedError() {
        #expect(throws: DeviceError.self) {
            _ = try KeyboardWedgeDecoder(deviceID: "x", layout: KeyboardLayout(layout: "no-such-layout"))
        }
        do {
            _ = try KeyTranslator(layout: KeyboardLayout(layout: "no-such-layout"))
        } catch {
            #expect(error.code == .keymap)
            #expect(error.path.contains("no-such-layout"))
        }
    }
}
