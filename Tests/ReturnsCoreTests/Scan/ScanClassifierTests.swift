import Testing
@testable import ReturnsCore

@Suite struct ScanClassifierTests {
    let classifier = ScanClassifier()

    @Test func ordersRMAsAndCommandsByPattern() {
        #expect(classifier.classify("SO-1001") == .order("SO-1001"))
        #expect(classifier.classify("RMA-2026-0042") == .rma("RMA-2026-0042"))
        #expect(classifier.classify("CMD:CLOSE") == .command(.close))
        #expect(classifier.classify("COND:MISSING_PARTS") == .command(.condition(.missingParts)))
        #expect(classifier.classify("DISP:RETURN_TO_VENDOR") == .command(.disposition(.returnToVendor)))
        #expect(classifier.classify("]C1SO-1001\r\n") == .order("SO-1001"))  // AIM prefix and terminator stripped
        #expect(classifier.classify("SO-") .kind == "unknown")
        #expect(classifier.classify("SO-abc").kind == "unknown")
        #expect(classifier.classify("SO-" + String(repeating: "1", count: 31)).kind == "unknown")
    }

    @Test func configurablePatterns() throws {
        let custom = ScanClassifier(orderPattern: try IdentifierPattern("VK[0-9]{6,8}"), rmaPattern: try IdentifierPattern("R#[0-9A-F]{4,4}"))
        #expect(custom.classify("VK1234567") == .order("VK1234567"))
        #expect(custom.classify("R#00FF") == .rma("R#00FF"))
        #expect(custom.classify("SO-1").kind == "unknown")
        #expect(throws: PatternError.self) { try IdentifierPattern("SO-.*") }
        #expect(throws: PatternError.self) { try IdentifierPattern("[A-Z]{1,3}") }
        #expect(throws: PatternError.self) { try IdentifierPattern("SO-[A-Z]{5,2}") }
    }

    @Test func itemKinds() {
        #expect(classifier.classify("4006381333931").kind == "gtin")
        #expect(classifier.classify("]C10109506000134352\u{1D}21X").kind == "gs1")
        #expect(classifier.classify("3074257BF7194E4000001A85").kind == "epc")
        #expect(classifier.classify("0109506000134352", symbologyHint: "]C1").kind == "gs1")
    }

    @Test func garbageIsUnreadableWithAReason() {
        guard case .unreadable(let e) = classifier.classify("\u{07}beep") else { Issue.record("expected unreadable"); return }
        #expect(e.code == .notText)
        guard case .unreadable(let long) = classifier.classify(String(repeating: "9", count: 600)) else { Issue.record("expected unreadable"); return }
        #expect(long.code == .tooLong)
        guard case .unreadable(let bad) = classifier.classify("4006381333932") else { Issue.record("expected unreadable"); return }
        #expect(bad.code == .badItemCode)
        #expect(bad.itemCodeError?.code == .badCheckDigit)
        guard case .unreadable(let unknown) = classifier.classify("hello") else { Issue.record("expected unreadable"); return }
        #expect(unknown.code == .unknownCode)
    }

    @Test func commandSheetBarcodesParseBack() throws {
        for (_, command) in CommandBarcodes.standard.sheet {
            #expect(try CommandBarcodes.standard.parse(command.defaultBarcode) == command)
        }
    }

    @Test func escapesRoundTrip() {
        #expect(ScanTextEscapes.unescape("a<GS>b\\x1dc") == Array("a\u{1D}b\u{1D}c".utf8))
        #expect(ScanTextEscapes.printable("a\u{1D}b\u{07}") == "a<GS>b\\x07")
    }
}
