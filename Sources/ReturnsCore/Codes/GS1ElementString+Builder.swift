extension GS1ElementString {
    /// Collects validated elements and their dates for the parsers and `init(validating:)`.
    struct Builder {
        let referenceYear: Int
        var elements: [GS1Element] = []
        var dates: [String: GS1Date] = [:]

        /// Validates one value and appends it; a conflicting repeat of an AI is an error.
        mutating func append(
            _ definition: GS1AIDefinition, _ value: ArraySlice<UInt8>, overflow: CodeError.Code = .valueTooLong
        ) throws(CodeError) {
            let date = try definition.validate(value, referenceYear: referenceYear, overflow: overflow)
            let text = String(decoding: value, as: UTF8.self)
            if let earlier = elements.first(where: { $0.ai == definition.ai }), earlier.value != text {
                throw CodeError(
                    .malformedElementString,
                    "AI (\(definition.ai)) appears twice with different values, \(earlier.value.debugDescription) "
                        + "and \(text.debugDescription).",
                    ai: definition.ai, text: text)
            }
            elements.append(GS1Element(ai: definition.ai, value: text))
            if let date, dates[definition.ai] == nil { dates[definition.ai] = date }
        }

        func build() throws(CodeError) -> GS1ElementString {
            guard !elements.isEmpty else {
                throw CodeError(.malformedElementString, "The GS1 element string holds no element.")
            }
            return GS1ElementString(elements: elements, dates: dates)
        }
    }
}
