import Testing

@testable import ReturnsCore

/// FNC1 as scanners transmit it.
private let gs = "\u{1D}"

@Suite("GS1 element string")
struct GS1ElementStringTests {
    /// From the GS1 Barcode Syntax Engine's tests: DataBar Expanded scan data and its bracketed form.
    @Test func syntaxEngineScanData() throws {
        let (aim, data) = AIMIdentifier.split("]e0011231231231233310ABC123\(gs)99XYZ")
        #expect(aim?.isGS1 == true)
        let parsed = try GS1ElementString.parse(data, referenceYear: 2026)
        #expect(parsed.bracketed == "(01)12312312312333(10)ABC123(99)XYZ")
        #expect(parsed.transmitted == "011231231231233310ABC123\(gs)99XYZ")
        #expect(parsed.gtin?.digits == "12312312312333")
        #expect(parsed.lot == "ABC123")
        #expect(parsed.value(of: "99") == "XYZ")
        #expect(try GS1ElementString.parse("(01)12312312312333(10)ABC123(99)XYZ", referenceYear: 2026) == parsed)
    }

    /// From the GS1 Barcode Syntax Engine's tests: "(" in data is escaped as "\(" in the bracketed form.
    @Test func escapedBracketInValue() throws {
        let parsed = try GS1ElementString.parse("011231231231233310ABC(123", referenceYear: 2026)
        #expect(parsed.lot == "ABC(123")
        #expect(parsed.bracketed == #"(01)12312312312333(10)ABC\(123"#)
        #expect(try GS1ElementString.parse(parsed.bracketed, referenceYear: 2026) == parsed)
    }

    /// The GS1 General Specifications' example GTIN 09506000134352 with expiry, lot and serial.
    @Test func gtinExpiryLotSerial() throws {
        let raw = "0109506000134352172012251" + "0ABC123\(gs)21XYZ987"
        let parsed = try GS1ElementString.parse(raw, referenceYear: 2026)
        #expect(parsed.elements.map(\.ai) == ["01", "17", "10", "21"])
        #expect(parsed.gtin?.digits == "09506000134352")
        #expect(parsed.expiry?.iso == "2020-12-25")
        #expect(parsed.lot == "ABC123")
        #expect(parsed.serial == "XYZ987")
        #expect(parsed.sscc == nil)
        #expect(parsed.description == "(01)09506000134352(17)201225(10)ABC123(21)XYZ987")
    }

    @Test func separatorsTolerated() throws {
        let expected = try GS1ElementString.parse("(01)09506000134352(10)ABC(21)XYZ", referenceYear: 2026)
        for raw in [
            "\(gs)0109506000134352\(gs)10ABC\(gs)21XYZ\(gs)",  // leading, after fixed, trailing
            "0109506000134352\(gs)\(gs)10ABC\(gs)\(gs)21XYZ",  // doubled
            "\(gs)\(gs)0109506000134352" + "10ABC\(gs)21XYZ\(gs)\(gs)",
        ] {
            #expect(try GS1ElementString.parse(raw, referenceYear: 2026) == expected)
        }
    }

    @Test func ssccAndContents() throws {
        let parsed = try GS1ElementString.parse("(00)106141412345678908(02)09506000134352(37)24", referenceYear: 2026)
        #expect(parsed.sscc == "106141412345678908")
        #expect(parsed.gtin?.digits == "09506000134352")  // AI 02 stands in when there is no 01
        #expect(parsed.value(of: "37") == "24")
    }

    /// Values for the check-digit AIs, with check digits computed by hand (GS1 mod-10).
    @Test(arguments: [
        "(414)9501101530003(254)A1",  // GLN + extension
        "(410)9506000010007(8020)INV-17",
        "(253)4602443000331XYZ",  // GDTI: GLN-like 13 digits + serial
        "(253)4602443000331",
        "(8003)03870585000552987",  // GRAI: 0 + 13 digits with check + serial
        "(8006)095060001343520102",  // ITIP: GTIN + piece 01 of 02
        "(8017)106141412345678908(402)10614141234567894",  // GSRN, GSIN
        "(3103)000189(01)09506000134352",  // net weight 0.189 kg
        "(3922)1234(421)27612345(7003)2012251230",
        "(8010)ABC#-/123(8011)12",  // CPID in CSET 39
        #"(91)!"%&'\()*+,-./:;<=>?_z"#,  // all the CSET 82 punctuation, "(" escaped
        "(7007)201225201231(7006)201224",
    ])
    func validVectors(text: String) throws {
        let parsed = try GS1ElementString.parse(text, referenceYear: 2026)
        #expect(try GS1ElementString.parse(parsed.transmitted, referenceYear: 2026) == parsed)
        #expect(try GS1ElementString.parse(parsed.bracketed, referenceYear: 2026) == parsed)
    }

    @Test func datesOfOtherAIs() throws {
        let parsed = try GS1ElementString.parse(
            "(01)09506000134352(11)250100(15)260200(7003)2612312359", referenceYear: 2026)
        #expect(parsed.date(of: "11")?.iso == "2025-01-31")
        #expect(parsed.date(of: "15")?.iso == "2026-02-28")
        #expect(parsed.date(of: "7003")?.iso == "2026-12-31")
        #expect(parsed.expiry == nil)
    }

    @Test func centuryFollowsReferenceYear() throws {
        let text = "(01)09506000134352(17)771231"
        #expect(try GS1ElementString.parse(text, referenceYear: 2026).expiry?.year == 1977)
        #expect(try GS1ElementString.parse(text, referenceYear: 2030).expiry?.year == 2077)
    }

    @Test func validatingInit() throws {
        let elements = [GS1Element(ai: "01", value: "09506000134352"), GS1Element(ai: "21", value: "1")]
        let built = try GS1ElementString(validating: elements, referenceYear: 2026)
        #expect(built.elements == elements)
        #expect(built.transmitted == "0109506000134352211")
    }

    @Test func identicalRepeatIsTolerated() throws {
        let parsed = try GS1ElementString.parse("(10)ABC(01)09506000134352(10)ABC", referenceYear: 2026)
        #expect(parsed.lot == "ABC")
    }
}
