import Testing

@testable import ReturnsCore

/// FNC1 as scanners transmit it.
private let gs = "\u{1D}"

@Suite("Item code decoder")
struct ItemCodeDecoderTests {
    func decode(_ text: String, preferEPC: Bool = false) throws(CodeError) -> DecodedItem? {
        try ItemCodeDecoder.decode(text, preferEPC: preferEPC, referenceYear: 2026)
    }

    @Test func gs1128WithAIM() throws {
        let item = try #require(try decode("]C10109506000134352172012251" + "0ABC123\(gs)21XYZ987"))
        #expect(item.kind == .gs1)
        #expect(item.aim?.description == "]C1")
        #expect(item.gtin?.digits == "09506000134352")
        #expect(item.expiry?.iso == "2020-12-25")
        #expect(item.lot == "ABC123")
        #expect(item.serial == "XYZ987")
        #expect(item.elements.count == 4)
        #expect(item.epc == nil)
    }

    @Test(arguments: ["]d2", "]Q3", "]e0", "]J1"])
    func otherGS1Symbologies(aim: String) throws {
        #expect(try decode(aim + "0109506000134352" + "21A1")?.serial == "A1")
    }

    @Test func gs1WithoutAIM() throws {
        #expect(try decode("0109506000134352\(gs)10L1")?.lot == "L1")  // a GS says GS1
        #expect(try decode("(01)09506000134352(10)L1")?.lot == "L1")  // bracketed
        #expect(try decode("010950600013435217261231")?.expiry?.iso == "2026-12-31")  // digits, fixed AIs chained
        #expect(try decode("00106141412345678908")?.elements == [GS1Element(ai: "00", value: "106141412345678908")])
        #expect(try decode("  ]C10109506000134352\r\n")?.gtin?.digits == "09506000134352")  // scanner suffix
    }

    @Test(arguments: [
        ("9506000134352", "09506000134352"), ("036000291452", "00036000291452"), ("96385074", "00000096385074"),
        ("09506000134352", "09506000134352"), ("]E09506000134352", "09506000134352"),
        ("]E00036000291452", "00036000291452"), ("]E4" + "96385074", "00000096385074"),
        ("]E004252614", "00042100005264"),  // UPC-E sent as 8 digits under ]E0
        ("]E3950600013435212", "09506000134352"),  // EAN-13 + 2-digit add-on
        ("]E3950600013435212345", "09506000134352"),  // EAN-13 + 5-digit add-on
        ("]E30425261412", "00042100005264"),  // UPC-E + 2-digit add-on
        ("]I010614141000415", "10614141000415"),  // ITF-14 (not a GS1 AIM) follows the plain-digit rules
    ])
    func plainGTIN(text: String, gtin: String) throws {
        let item = try #require(try decode(text))
        #expect(item.kind == .gtin)
        #expect(item.gtin?.digits == gtin)
        #expect(item.elements.isEmpty)
    }

    @Test func epc() throws {
        let sgtin = try #require(try decode("3074257BF7194E4000001A85"))
        #expect(sgtin.kind == .epc)
        #expect(sgtin.gtin?.digits == "80614141123458")
        #expect(sgtin.serial == "6789")
        #expect(sgtin.epc?.uri == "urn:epc:id:sgtin:0614141.812345.6789")
        #expect(sgtin.elements.map(\.ai) == ["01", "21"])
        let sscc = try #require(try decode("3174257BF4499602D2000000"))
        #expect(sscc.serial == nil)
        #expect(sscc.epc?.sscc == "106141412345678908")
        #expect(try decode("3674257BF6B7A659B2C2BF100000000000000000000000000000")?.serial == "32a/b")
    }

    @Test func allDigitEPC() throws {
        // 24 digits that start with an SGTIN-96 header: digits only, but 24 cannot be a GTIN.
        let item = try decode("303400000000000000000001")
        #expect(item?.kind == .epc)
        #expect(item?.epc?.uri == "urn:epc:id:sgtin:0000000.000000.1")
        #expect(try decode("303400000000000000000001", preferEPC: true) == item)
    }

    @Test func notAnItemCode() throws {
        for text in [
            "RMA-2024-0042", "ORDER 12345", "123456", "1234567890", "CMD:ACCEPT", "ABCDEF", "]C0ABC",
            "123456789012345678901",
        ] {
            #expect(try decode(text) == nil, "\(text)")
        }
    }

    @Test func preferEPCDecodesAnyHex() {
        #expect(
            codeError { () throws(CodeError) in try decode("ABCDEF", preferEPC: true) }?.code == .unsupportedEPCHeader)
        #expect(codeError { () throws(CodeError) in try decode("30ABCD", preferEPC: true) }?.code == .invalidHex)
    }

    /// Every error code, reached through the decoder the way a scan would reach it.
    @Test(arguments: [
        ("", CodeError.Code.emptyInput),
        ("]C1", .emptyInput),
        (" \r\n", .emptyInput),
        ("9506000134353", .badCheckDigit),
        ("]E4950600013435", .invalidLength),
        ("]E312345", .invalidLength),
        ("]E012345678901", .invalidLength),
        ("]E0950600013435A", .nonDigit),
        ("]C10109506000134352" + "0512", .unknownAI),
        ("]C1ABC", .malformedElementString),
        ("]C142227610ABC", .missingSeparator),
        ("]C110ABCDEFGHIJKLMNOPQRSTU", .valueTooLong),
        ("]C1010950600013", .valueTooShort),
        ("]C110AB~", .invalidCharacter),
        ("]C10109506000134352" + "17201232", .invalidDate),
        ("3574257BF7194E4000001A85", .unsupportedEPCHeader),
        ("3074257BF7194E4000001A85" + String(repeating: "0", count: 26), .invalidHex),  // SGTIN-96 header, 50 characters
        ("307C257BF7194E4000001A85", .invalidEPC),
        ("]E024252614", .invalidUPCE),
    ])
    func errors(text: String, code: CodeError.Code) {
        let error = codeError { () throws(CodeError) in try decode(text) }
        #expect(error?.code == code, "\(text.debugDescription): \(error?.message ?? "no error")")
        #expect(error?.message.isEmpty == false)
    }
}
