import PropertyBased
import Testing

@testable import ReturnsCore

@Suite("Check digit properties")
struct CheckDigitPropertyTests {
    @Test func checkDigitMakesAnyPayloadValid() async {
        await propertyCheck(input: Gen.number.string(of: 1...30)) { payload in
            let code = payload + String(GTIN.checkDigit(of: payload))
            #expect(
                codeError { () throws(CodeError) in try GS1CheckDigit.verify(Array(code.utf8), what: "code", ai: nil) }
                    == nil)
        }
    }

    /// Weights 3 and 1 are both prime to 10, so mod 10 catches every single-digit substitution.
    @Test func anySingleDigitChangeIsCaught() async {
        await propertyCheck(input: Gen.number.string(of: 1...30), Gen.int(in: 0...29), Gen.int(in: 1...9)) {
            payload, at, delta in
            var bytes = Array((payload + String(GTIN.checkDigit(of: payload))).utf8)
            let position = at % bytes.count
            bytes[position] = UInt8(ascii: "0") + (bytes[position] - UInt8(ascii: "0") + UInt8(delta)) % 10
            let error = codeError { () throws(CodeError) in try GS1CheckDigit.verify(bytes, what: "code", ai: nil) }
            #expect(error?.code == .badCheckDigit)
        }
    }

    @Test func gtinFormsNormaliseToFourteenAndBack() async {
        await propertyCheck(input: Gen<Int?>.element(of: [8, 12, 13, 14]).map { $0! }, Gen.number.string(of: 13)) {
            length, digits in
            let payload = String(digits.prefix(length - 1))
            let code = payload + String(GTIN.checkDigit(of: payload))
            let gtin = try GTIN(code)
            #expect(gtin.digits.count == 14)
            #expect(gtin.digits.hasSuffix(code))
            #expect(gtin.digits(length: length) == code)
            #expect(try GTIN(gtin.digits) == gtin)
        }
    }
}
