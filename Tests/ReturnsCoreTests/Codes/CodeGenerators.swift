import PropertyBased

@testable import ReturnsCore

/// Generators and builders for the property tests: raw material is generated, then shaped into
/// valid values here so that every generated element passes the AI table's checks.
enum CodeGenerators {
    static let cset82Characters = Array(
        #"!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"#)
    static let cset39Characters = Array("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    static let digits = Gen.number.string(of: 20)
    static let cset82 = Gen<Character?>.element(of: cset82Characters).map { $0! }.string(of: 1...90)
    static let cset39 = Gen<Character?>.element(of: cset39Characters).map { $0! }.string(of: 1...30)

    /// AIs the round trip draws from, covering fixed, variable, dated, checked and multi-part values.
    static let sampleAIs = [
        "00", "01", "10", "11", "17", "21", "240", "30", "3103", "3922", "400", "414", "421", "422", "7003", "8003",
        "8010", "91",
    ]
    /// The predefined-length AIs among them, written down independently of the library's table.
    static let predefinedSampleAIs: Set<String> = ["00", "01", "11", "17", "3103", "414"]

    /// One valid element, by index into `sampleAIs`, shaped from raw material.
    static let element = zip(
        Gen.int(in: 0...(sampleAIs.count - 1)), digits, cset82, cset39,
        Gen.int(in: 0...99), Gen.int(in: 1...12), Gen.int(in: 0...28), Gen.int(in: 0...1439)
    ).map { index, digits, text, text39, yy, month, day, minutes in
        makeElement(
            ai: sampleAIs[index], digits: digits, text: text, text39: text39,
            yymmdd: pad(yy, 2) + pad(month, 2) + pad(day, 2), realDay: pad(yy, 2) + pad(month, 2) + pad(max(day, 1), 2),
            hhmm: pad(minutes / 60, 2) + pad(minutes % 60, 2))
    }

    /// Distinct-AI element lists of 1 to 6 elements.
    static let elements = element.array(of: 1...6).map { list in
        var seen = Set<String>()
        return list.filter { seen.insert($0.ai).inserted }
    }

    static func makeElement(
        ai: String, digits: String, text: String, text39: String, yymmdd: String, realDay: String, hhmm: String
    ) -> GS1Element {
        func checked(_ count: Int) -> String {
            let payload = String(digits.prefix(count))
            return payload + String(GTIN.checkDigit(of: payload))
        }
        func clip(_ max: Int) -> String { String(text.prefix(max)) }
        let value: String =
            switch ai {
            case "00": checked(17)
            case "01": checked(13)
            case "414": checked(12)
            case "11", "17": yymmdd
            case "7003": realDay + hhmm
            case "30": String(digits.prefix(1 + Int(digits.last!.asciiValue! % 8)))
            case "3103": String(digits.prefix(6))
            case "3922": String(digits.prefix(15))
            case "421": String(digits.prefix(3)) + clip(9)
            case "422": String(digits.prefix(3))
            case "8003": "0" + checked(12) + String(text.prefix(Int(digits.first!.asciiValue! % 17)))
            case "8010": text39
            case "91": text
            case "240", "400": clip(30)
            default: clip(20)
            }
        return GS1Element(ai: ai, value: value)
    }

    /// The transmitted form written by hand: GS after each non-predefined value except the last.
    static func transmitted(_ elements: [GS1Element]) -> String {
        var text = ""
        for (index, element) in elements.enumerated() {
            text += element.ai + element.value
            if !predefinedSampleAIs.contains(element.ai) && index < elements.count - 1 { text += "\u{1D}" }
        }
        return text
    }

    /// The bracketed form written by hand, "(" in values escaped as "\(".
    static func bracketed(_ elements: [GS1Element]) -> String {
        elements.map { "(\($0.ai))" + $0.value.replacing("(", with: #"\("#) }.joined()
    }

    static func pad(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// Valid SGTIN-96 tags: any filter and partition, digits fitting the partition, a 38-bit serial.
    static let sgtin96 = zip(Gen.int(in: 0...7), Gen.int(in: 0...6), digits, Gen.uint64(in: 0...((1 << 38) - 1)))
        .map { filter, partition, digits, serial in
            let companyDigits = EPCPartition.sgtin[partition].companyDigits
            return EPCTag(
                scheme: .sgtin96, filter: filter, companyPrefix: String(digits.prefix(companyDigits)),
                itemReference: String(digits.dropFirst(companyDigits).prefix(13 - companyDigits)),
                serial: String(serial))
        }

    /// Valid SGTIN-198 tags with 1 to 20 CSET 82 serial characters.
    static let sgtin198 = zip(sgtin96, cset82).map { tag, text in
        EPCTag(
            scheme: .sgtin198, filter: tag.filter, companyPrefix: tag.companyPrefix, itemReference: tag.itemReference,
            serial: String(text.prefix(20)))
    }

    /// Valid SSCC-96 tags.
    static let sscc96 = zip(Gen.int(in: 0...7), Gen.int(in: 0...6), digits).map { filter, partition, digits in
        let companyDigits = EPCPartition.sscc[partition].companyDigits
        return EPCTag(
            scheme: .sscc96, filter: filter, companyPrefix: String(digits.prefix(companyDigits)),
            itemReference: String(digits.dropFirst(companyDigits).prefix(17 - companyDigits)), serial: "")
    }
}
