import Testing

@testable import ReturnsCore

@Suite("UPC-E expansion")
struct UPCETests {
    /// One vector per expansion rule (last of the six digits 0–2, 3, 4, 5–9). 04252614 → 042100005264 is
    /// the common UPC-E example; the others were derived by hand from the rules and their check digits
    /// computed with the GS1 mod-10 algorithm (cross-checked by `GTIN.checkDigit`).
    @Test(arguments: [
        ("04252614", "042100005264"),  // d6 = 1: manufacturer d1 d2 d6 00, product 00 d3 d4 d5
        ("01234531", "012300000451"),  // d6 = 3: manufacturer d1 d2 d3 00, product 000 d4 d5
        ("01234543", "012340000053"),  // d6 = 4: manufacturer d1 d2 d3 d4 0, product 0000 d5
        ("01234565", "012345000065"),  // d6 = 6: manufacturer d1…d5, product 0000 d6
        ("11234562", "112345000062"),  // number system 1
    ])
    func expands(upce: String, upca: String) throws {
        #expect(try GTIN.expandUPCE(upce) == upca)
        #expect(GTIN.checkDigit(of: upca.dropLast()) == upca.last)
    }

    @Test func badCheckDigit() {
        do {
            _ = try GTIN.expandUPCE("04252615")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .badCheckDigit)
            #expect(error.message == "UPC-E 04252615 has check digit 5, expected 4.")
        }
    }

    @Test func invalidUPCE() {
        for (text, fragment) in [("24252614", "number system 2"), ("0425261", "7 digits"), ("425261", "6 digits")] {
            do {
                _ = try GTIN.expandUPCE(text)
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(error.code == .invalidUPCE)
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
    }

    @Test func nonDigit() {
        #expect(throws: CodeError.self) { try GTIN.expandUPCE("0425261X") }
    }
}
