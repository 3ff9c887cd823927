import PropertyBased
import Testing

@testable import ReturnsCore

@Suite("GS1 element string properties")
struct GS1ElementStringPropertyTests {
    @Test func transmittedFormParsesBackToTheSameElements() async {
        await propertyCheck(count: 300, input: CodeGenerators.elements) { elements in
            let parsed = try GS1ElementString.parse(CodeGenerators.transmitted(elements), referenceYear: 2026)
            #expect(parsed.elements == elements)
            #expect(parsed.transmitted == CodeGenerators.transmitted(elements))
        }
    }

    @Test func bracketedFormParsesBackToTheSameElements() async {
        await propertyCheck(count: 300, input: CodeGenerators.elements) { elements in
            let parsed = try GS1ElementString.parse(CodeGenerators.bracketed(elements), referenceYear: 2026)
            #expect(parsed.elements == elements)
            #expect(parsed.bracketed == CodeGenerators.bracketed(elements))
        }
    }

    /// Scanners may add a leading GS, a GS after predefined-length values, and a trailing GS.
    @Test func extraSeparatorsAreTolerated() async {
        await propertyCheck(input: CodeGenerators.elements) { elements in
            let text = "\u{1D}" + elements.map { $0.ai + $0.value }.joined(separator: "\u{1D}\u{1D}") + "\u{1D}"
            let parsed = try GS1ElementString.parse(text, referenceYear: 2026)
            #expect(parsed.elements == elements)
        }
    }
}
