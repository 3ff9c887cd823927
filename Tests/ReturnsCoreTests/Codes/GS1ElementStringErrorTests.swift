import Testing

@testable import ReturnsCore

@Suite("GS1 element string errors")
struct GS1ElementStringErrorTests {
    /// Each broken input with the code, AI and a fragment of the message a person should see.
    @Test(arguments: [
        ("(01)09506000134353", CodeError.Code.badCheckDigit, "01" as String?, "check digit 3, expected 2"),
        ("00106141412345678909", .badCheckDigit, "00", "expected 8"),
        ("(414)9501101530004", .badCheckDigit, "414", "expected 3"),
        ("(8003)03870585000553", .badCheckDigit, "8003", "expected 2"),
        ("(8006)095060001343530102", .badCheckDigit, "8006", "expected 2"),
        ("(253)4602443000332ABC", .badCheckDigit, "253", "expected 1"),
        ("(01)0950600013435A", .nonDigit, "01", #"non-digit "A" at position 14"#),
        ("0109506000134352172012A5", .nonDigit, "17", "non-digit"),
        ("(23)123", .unknownAI, "23", "AI (23)"),
        ("0109506000134352" + "1912345", .unknownAI, "19", "position 17"),
        ("(3106)000001", .unknownAI, "3106", "not a known"),
        ("(01", .malformedElementString, nil, "never closed"),
        ("(1A)123", .malformedElementString, "1A", "2 to 4 digits"),
        ("(01)09506000134352(10)A(10)B", .malformedElementString, "10", "appears twice"),
        ("0109506000134352X1", .malformedElementString, nil, "position 17"),
        ("42227610ABC", .missingSeparator, "422", "no GS separator"),
        ("(10)ABCDEFGHIJKLMNOPQRSTU", .valueTooLong, "10", "21 characters"),
        ("10ABCDEFGHIJKLMNOPQRSTU", .valueTooLong, "10", "at most 20"),
        ("(422)2760", .valueTooLong, "422", "exactly 3"),
        ("(01)123", .valueTooShort, "01", "exactly 14"),
        ("010950600013", .valueTooShort, "01", "needs exactly 14"),
        ("01095060001\u{1D}10ABC", .valueTooShort, "01", "cut short by a separator"),
        ("(10)(01)09506000134352", .valueTooShort, "10", "at least 1"),
        ("(10)AB C", .invalidCharacter, "10", #"" " at position 3"#),
        ("(21)ABÄ", .invalidCharacter, "21", #""Ä" at position 3"#),
        ("(8010)abc", .invalidCharacter, "8010", "CSET 39"),
        ("(8003)13870585000552", .invalidCharacter, "8003", "start with the digit 0"),
        ("(17)201232", .invalidDate, "17", "day 32"),
        ("(17)201300", .invalidDate, "17", "month 13"),
        ("(7003)2012252460", .invalidDate, "7003", "HHMM"),
        ("(7006)201200", .invalidDate, "7006", "day 0"),
        ("", .emptyInput, nil, "empty"),
        ("\u{1D}\u{1D}", .emptyInput, nil, "empty"),
    ])
    func rejects(text: String, code: CodeError.Code, ai: String?, fragment: String) {
        let error = codeError { () throws(CodeError) in try GS1ElementString.parse(text, referenceYear: 2026) }
        #expect(error?.code == code, "\(text.debugDescription): \(error?.message ?? "no error")")
        #expect(error?.ai == ai, "\(text.debugDescription): \(error?.message ?? "no error")")
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "no error")")
    }

    @Test func validatingInitRejectsUnknownAIAndEmpty() {
        #expect(
            codeError { () throws(CodeError) in try GS1ElementString(validating: [GS1Element(ai: "05", value: "1")]) }?
                .code == .unknownAI)
        #expect(
            codeError { () throws(CodeError) in try GS1ElementString(validating: []) }?.code == .malformedElementString)
    }

    @Test func messageIsOneSentenceWithContext() {
        let error = codeError { () throws(CodeError) in
            try GS1ElementString.parse("(01)09506000134353", referenceYear: 2026)
        }
        #expect(error?.description == "AI (01) GTIN 09506000134353 has check digit 3, expected 2.")
        #expect(error?.text == "09506000134353")
    }
}
