extension GS1ElementString {
    /// Parses a GS1 element string in either form:
    ///
    /// - transmitted: AIs and values with FNC1 sent as GS (0x1D) after variable-length values; a
    ///   leading GS is optional, and trailing or doubled GS are tolerated;
    /// - bracketed: "(01)09506000134352(17)201225(10)ABC", where "\\(" stands for "(" in a value.
    ///
    /// - Parameter referenceYear: the current year, for the GS1 century rule on YYMMDD dates.
    public static func parse(_ text: String, referenceYear: Int = GS1Date.currentYear) throws(CodeError)
        -> GS1ElementString
    {
        let bytes = Array(text.utf8)
        guard let first = bytes.firstIndex(where: { $0 != .groupSeparator }) else {
            throw CodeError(.emptyInput, "The GS1 element string is empty.", text: text)
        }
        var builder = Builder(referenceYear: referenceYear)
        if bytes[first] == UInt8(ascii: "(") {
            try parseBracketed(bytes[first...], into: &builder)
        } else {
            try parseTransmitted(bytes[...], into: &builder)  // leading GS is skipped there, keeping positions true
        }
        return try builder.build()
    }

    /// Reads the AI starting at `position`, throwing `unknownAI` or `malformedElementString` if there is none.
    static func readAI(_ bytes: ArraySlice<UInt8>, at position: Int) throws(CodeError) -> GS1AIDefinition {
        if let definition = GS1AIDefinition.lookUp(prefixOf: bytes[position...]) { return definition }
        let rest = bytes[position...]
        let leading = rest.prefix { $0.isASCIIDigit }
        guard leading.count >= 2 else {
            let found = String(decoding: rest.prefix(8), as: UTF8.self)
            throw CodeError(
                .malformedElementString,
                "Expected a GS1 Application Identifier at position \(position - bytes.startIndex + 1), "
                    + "found \(found.debugDescription).",
                text: found)
        }
        let two = String(decoding: leading.prefix(2), as: UTF8.self)
        let ai = String(decoding: leading.prefix(GS1AIDefinition.probableLength(ofAIStarting: two)), as: UTF8.self)
        throw CodeError(
            .unknownAI,
            "AI (\(ai)) at position \(position - bytes.startIndex + 1) is not a known GS1 Application Identifier.",
            ai: ai, text: ai)
    }
}
