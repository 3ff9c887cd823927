import Testing

@testable import ReturnsCore

@Suite("AIM symbology identifier")
struct AIMIdentifierTests {
    @Test(arguments: [
        ("]C1", true), ("]e0", true), ("]d2", true), ("]Q3", true), ("]J1", true),
        ("]C0", false), ("]d1", false), ("]Q1", false), ("]E0", false), ("]E4", false),
    ])
    func gs1Identifiers(prefix: String, isGS1: Bool) {
        let (aim, rest) = AIMIdentifier.split(prefix + "0109506000134352")
        #expect(aim?.description == prefix)
        #expect(aim?.isGS1 == isGS1)
        #expect(rest == "0109506000134352")
    }

    @Test func splitsCodeAndModifier() {
        let (aim, rest) = AIMIdentifier.split("]E09506000134352")
        #expect(aim == AIMIdentifier(code: "E", modifier: "0"))
        #expect(aim?.isEANUPC == true)
        #expect(rest == "9506000134352")
    }

    @Test(arguments: ["9506000134352", "]C", "]", "", "]1A0123", "]C-0123", "x]C1"])
    func leavesTextWithoutIdentifier(text: String) {
        let (aim, rest) = AIMIdentifier.split(text)
        #expect(aim == nil)
        #expect(rest == text)
    }

    @Test func identifierAlone() {
        let (aim, rest) = AIMIdentifier.split("]Q3")
        #expect(aim?.isGS1 == true)
        #expect(rest.isEmpty)
    }
}
