import Testing
@testable import ReturnsCore

@Suite struct Code128Tests {
    @Test func everySymbolHasThreeBarsInElevenModulesAndTheStopThirteen() {
        #expect(Code128.patterns.count == 107)
        for (value, pattern) in Code128.patterns.enumerated() {
            let widths = pattern.map { Int(String($0))! }
            #expect(widths.allSatisfy { (1...4).contains($0) })
            #expect(widths.reduce(0, +) == (value == Code128.stop ? 13 : 11), "value \(value)")
            #expect(widths.count == (value == Code128.stop ? 7 : 6))
        }
        #expect(Set(Code128.patterns).count == 107, "every symbol is distinct")
    }

    @Test func knownSymbolsFromTheStandard() {
        // Set B: space is value 0, 'A' 33, '~' 94; start B 104, stop 106 (ISO/IEC 15417 table 1).
        #expect(Code128.patterns[0] == "212222")
        #expect(Code128.patterns[33] == "111323")
        #expect(Code128.patterns[104] == "211214")
        #expect(Code128.patterns[106] == "2331112")
    }

    @Test func checkValueIsTheWeightedSumModulo103() throws {
        // "Wikipedia": 104 + 55·1 + 73·2 + 75·3 + 73·4 + 80·5 + 69·6 + 68·7 + 73·8 + 65·9 = 3281 ≡ 88 (mod 103)
        let values = try Code128.values(for: "Wikipedia")
        #expect(values.first == 104)
        #expect(values.dropLast().last == 88)
        #expect(values.last == 106)
        // "CMD:CLOSE": the check value of a command on the sheet
        let close = try Code128.values(for: "CMD:CLOSE")
        #expect(close[1...9].map { $0 + 32 } == Array("CMD:CLOSE".unicodeScalars.map { Int($0.value) }))
    }

    @Test func refusesWhatSetBCannotCarry() {
        #expect(throws: SheetError.self) { try Code128.values(for: "DISP:ÄRGER") }
        #expect(throws: SheetError.self) { try Code128.values(for: "A\u{1D}B") }
    }

    @Test func theSheetHoldsEveryCommandAndFitsTheColumns() throws {
        let sheet = CommandSheet(commands: .standard, operators: ["ANNA"])
        let pages = try sheet.svgPages()
        let all = pages.joined()
        for (_, command) in CommandBarcodes.standard.sheet { #expect(all.contains(">\(command.defaultBarcode)<")) }
        #expect(all.contains(">OP:ANNA<"))
        #expect(pages.count == 1, "25 commands and one badge fill one page of 13 rows × 2")
        #expect(try CommandSheet(commands: .standard, operators: ["ANNA", "BEN"]).svgPages().count == 2)
        #expect(pages.allSatisfy { $0.hasPrefix("<?xml") && $0.hasSuffix("</svg>\n") })
    }
}
