import PropertyBased
import Testing

@testable import ReturnsCore

@Suite("EPC properties")
struct EPCPropertyTests {
    @Test func sgtin96RoundTrip() async {
        await propertyCheck(count: 300, input: CodeGenerators.sgtin96) { tag in
            let decoded = try EPCTag.decode(hex: EPCTestEncoder.hex(tag))
            #expect(decoded == tag)
            #expect(decoded.gtin.map { GTIN.checkDigit(of: $0.digits.dropLast()) == $0.digits.last } == true)
        }
    }

    @Test func sgtin198RoundTrip() async {
        await propertyCheck(input: CodeGenerators.sgtin198, Gen.bool) { tag, wordPadded in
            let decoded = try EPCTag.decode(hex: EPCTestEncoder.hex(tag, hexLength198: wordPadded ? 52 : 50))
            #expect(decoded == tag)
        }
    }

    @Test func sscc96RoundTrip() async {
        await propertyCheck(input: CodeGenerators.sscc96) { tag in
            let decoded = try EPCTag.decode(hex: EPCTestEncoder.hex(tag))
            #expect(decoded == tag)
            #expect(decoded.sscc?.count == 18)
        }
    }
}
