import Foundation
import Testing

@testable import ReturnsCore

@Suite("GTIN")
struct GTINTests {
    /// GS1 General Specifications examples, and well-known retail codes with their published check digits.
    @Test(arguments: [
        ("09506000134352", "09506000134352"),  // GS1 General Specifications example GTIN-14
        ("9506000134352", "09506000134352"),  // the same as EAN-13
        ("4006381333931", "04006381333931"),  // EAN-13 (Stabilo) from GS1 check digit calculator examples
        ("036000291452", "00036000291452"),  // UPC-A 036000291452 (the Wikipedia UPC example)
        ("96385074", "00000096385074"),  // EAN-8 (the Wikipedia EAN-8 example)
        ("10614141000415", "10614141000415"),  // GTIN-14 from the EPC TDS examples
    ])
    func normalisesToFourteenDigits(input: String, expected: String) throws {
        #expect(try GTIN(input).digits == expected)
    }

    @Test func checkDigitOfKnownPayloads() {
        #expect(GTIN.checkDigit(of: "0950600013435") == "2")
        #expect(GTIN.checkDigit(of: "03600029145") == "2")
        #expect(GTIN.checkDigit(of: "10614141234567890") == "8")  // SSCC (00)106141412345678908, EPC TDS
        #expect(GTIN.checkDigit(of: "") == "0")
    }

    @Test func badCheckDigitNamesExpectedAndFound() {
        #expect {
            try GTIN("09506000134353")
        } throws: { error in
            let error = error as? CodeError
            return error?.code == .badCheckDigit
                && error?.message == "GTIN 09506000134353 has check digit 3, expected 2."
                && error?.text == "09506000134353"
        }
    }

    @Test func invalidLength() {
        #expect(throws: CodeError.self) { try GTIN("123456789") }
        do {
            _ = try GTIN("123456789")
        } catch {
            #expect(error.code == .invalidLength)
            #expect(error.message.contains("9 digits"))
        }
    }

    @Test func nonDigitNamesCharacterAndPosition() {
        do {
            _ = try GTIN("95060001343A2")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .nonDigit)
            #expect(error.message == #"GTIN "95060001343A2" has non-digit "A" at position 12."#)
        }
    }

    @Test func shorterFormsAndOrdering() throws {
        let gtin = try GTIN("96385074")
        #expect(gtin.digits(length: 8) == "96385074")
        #expect(gtin.digits(length: 13) == "0000096385074")
        #expect(try GTIN("09506000134352").digits(length: 8) == nil)
        #expect(gtin.digits(length: 10) == nil)
        #expect(try GTIN("96385074") < GTIN("09506000134352"))
        #expect(gtin.description == "00000096385074")
    }

    @Test func codableRoundTripAndValidation() throws {
        let gtin = try GTIN("9506000134352")
        let encoded = try JSONEncoder().encode([gtin])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["09506000134352"]"#)
        #expect(try JSONDecoder().decode([GTIN].self, from: encoded) == [gtin])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([GTIN].self, from: Data(#"["09506000134353"]"#.utf8))
        }
    }
}
