import Testing

@testable import ReturnsCore

@Suite("EPC tags")
struct EPCTagTests {
    /// EPC Tag Data Standard, Annex E (encoding examples).
    @Test func sgtin96FromTDS() throws {
        let tag = try EPCTag.decode(hex: "3074257BF7194E4000001A85")
        #expect(tag.scheme == .sgtin96)
        #expect(tag.filter == 3)
        #expect(tag.companyPrefix == "0614141")
        #expect(tag.itemReference == "812345")
        #expect(tag.serial == "6789")
        #expect(tag.uri == "urn:epc:id:sgtin:0614141.812345.6789")
        #expect(tag.tagURI == "urn:epc:tag:sgtin-96:3.0614141.812345.6789")
        #expect(tag.gtin?.digits == "80614141123458")
        #expect(tag.sscc == nil)
        #expect(tag.elements == [GS1Element(ai: "01", value: "80614141123458"), GS1Element(ai: "21", value: "6789")])
        #expect(try EPCTag.decode(hex: "3074257bf7194e4000001a85") == tag)  // readers differ in case
    }

    /// pyepc's test vectors (filter 1), and one whose GTIN has indicator 0.
    @Test func sgtin96OtherVectors() throws {
        let tag = try EPCTag.decode(hex: "3034257BF7194E4000001A85")
        #expect(tag.filter == 1)
        #expect(tag.uri == "urn:epc:id:sgtin:0614141.812345.6789")
        #expect(try EPCTag.decode(hex: "3036142C8C008F8000053244").gtin?.digits == "08719139005740")
    }

    /// TDS Annex E: urn:epc:tag:sgtin-198:3.0614141.712345.32a%2Fb (the TDS text misprints 812345; the
    /// bits say 712345, as the GS1 TDT test suites note).
    @Test func sgtin198FromTDS() throws {
        let hex = "3674257BF6B7A659B2C2BF100000000000000000000000000000"
        let tag = try EPCTag.decode(hex: hex)
        #expect(tag.scheme == .sgtin198)
        #expect(tag.filter == 3)
        #expect(tag.serial == "32a/b")
        #expect(tag.uri == "urn:epc:id:sgtin:0614141.712345.32a%2Fb")
        #expect(tag.tagURI == "urn:epc:tag:sgtin-198:3.0614141.712345.32a%2Fb")
        #expect(tag.gtin?.digits == "70614141123451")
        #expect(try EPCTag.decode(hex: hex.dropLast(2)) == tag)  // 50 characters: padded to a byte only
        #expect(EPCTestEncoder.hex(tag) == hex)
    }

    /// pyepc's SGTIN-198 vectors (50 hex characters).
    @Test(arguments: [
        ("3634257BF7194E5B3770E40000000000000000000000000000", "6789"),
        ("3634257BF7194E5B3770E60C20000000000000000000000000", "6789AB"),
    ])
    func sgtin198AlphanumericSerial(hex: String, serial: String) throws {
        let tag = try EPCTag.decode(hex: hex)
        #expect(tag.serial == serial)
        #expect(tag.gtin?.digits == "80614141123458")
    }

    /// TDS Annex E SSCC-96, pyepc (filter 0), epctagcoder (partition 4) and epcGS1coder (filter 6) vectors.
    @Test(arguments: [
        ("3174257BF4499602D2000000", 3, "urn:epc:id:sscc:0614141.1234567890", "106141412345678908"),
        ("3114257BF4499602D2000000", 0, "urn:epc:id:sscc:0614141.1234567890", "106141412345678908"),
        ("31AC16465751CCD0C2000000", 5, "urn:epc:id:sscc:023356789.30200002", "302335678902000022"),
        ("31D48F2B3871528987000000", 6, "urn:epc:id:sscc:2345678.1901234567", "123456789012345675"),
    ])
    func sscc96(hex: String, filter: Int, uri: String, sscc: String) throws {
        let tag = try EPCTag.decode(hex: hex)
        #expect(tag.scheme == .sscc96)
        #expect(tag.filter == filter)
        #expect(tag.uri == uri)
        #expect(tag.sscc == sscc)
        #expect(tag.gtin == nil)
        #expect(tag.serial.isEmpty)
        #expect(tag.elements == [GS1Element(ai: "00", value: sscc)])
    }

    @Test func unsupportedHeaderIsNamed() {
        let error = codeError { () throws(CodeError) in try EPCTag.decode(hex: "3574257BF7194E4000001A85") }
        #expect(error?.code == .unsupportedEPCHeader)
        #expect(error?.message.hasPrefix("EPC header 0x35 (GID-96) is not supported") == true)
        let unknown = codeError { () throws(CodeError) in try EPCTag.decode(hex: "E280116060000209") }
        #expect(unknown?.code == .unsupportedEPCHeader)
        #expect(unknown?.message.hasPrefix("EPC header 0xE2 is not supported") == true)
    }

    @Test(arguments: [
        ("3074257BF7194E4000001A8G", "non-hex"),
        ("3074257BF7194E4000001A8", "whole bytes"),
        ("3074257BF7194E4000001A8500", "expected 24"),
        ("3674257BF6B7A659B2C2BF10", "expected 50 or 52"),
        ("", "whole bytes"),
    ])
    func invalidHex(hex: String, fragment: String) {
        let error = codeError { () throws(CodeError) in try EPCTag.decode(hex: hex) }
        #expect(error?.code == .invalidHex)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "no error")")
    }

    @Test func invalidEPC() {
        // Partition 7 does not exist.
        let partition7 = EPCTestEncoder.hex(fields: [(0x30, 8), (3, 3), (7, 3)])
        // Partition 0 gives the company prefix 40 bits for 12 digits: all ones is 13 digits.
        let wideCompany = EPCTestEncoder.hex(fields: [(0x30, 8), (3, 3), (0, 3), ((1 << 40) - 1, 40)])
        // Partition 6: 24 bits for a 7-digit item reference; 16777215 has 8 digits.
        let wideItem = EPCTestEncoder.hex(fields: [(0x30, 8), (3, 3), (6, 3), (614141, 20), ((1 << 24) - 1, 24)])
        // SGTIN-198 serial with a character after its terminating zero.
        let gap = EPCTestEncoder.hex(
            fields: [(0x36, 8), (3, 3), (5, 3), (614141, 24), (812345, 20), (0x41, 7), (0, 7), (0x42, 7)], length: 52)
        // SGTIN-198 with an empty serial.
        let empty = EPCTestEncoder.hex(fields: [(0x36, 8), (3, 3), (5, 3), (614141, 24), (812345, 20)], length: 52)
        for (hex, fragment) in [
            (partition7, "partition value 7"), (wideCompany, "company prefix 1099511627775"),
            (wideItem, "item reference 16777215"), (gap, "after the serial's end"), (empty, "empty serial"),
        ] {
            let error = codeError { () throws(CodeError) in try EPCTag.decode(hex: hex) }
            #expect(error?.code == .invalidEPC, "\(hex)")
            #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "no error")")
        }
    }

    @Test func sgtin198SerialOutsideCSET82() {
        let hex = EPCTestEncoder.hex(
            fields: [(0x36, 8), (3, 3), (5, 3), (614141, 24), (812345, 20), (0x41, 7), (0x20, 7)], length: 52)
        let error = codeError { () throws(CodeError) in try EPCTag.decode(hex: hex) }
        #expect(error?.code == .invalidCharacter)
        #expect(error?.message.contains("0x20") == true)
    }

    @Test func uriEscapesReservedCharacters() {
        #expect(EPCTag.uriEscaped(#"a"%&/<>?b"#) == "a%22%25%26%2F%3C%3E%3Fb")
    }
}
