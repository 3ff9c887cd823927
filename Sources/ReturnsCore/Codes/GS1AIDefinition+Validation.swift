extension GS1AIDefinition {
    /// Checks `value` against this AI's components: length, character set, check digit, dates.
    ///
    /// - Parameter overflow: the error code for a value longer than the AI allows; the raw parser
    ///   passes `.missingSeparator` for fixed-length AIs that need a separator.
    /// - Returns: the first date the value carries (AIs 11–17, 7003, 7006, 7007), if any.
    func validate(_ value: ArraySlice<UInt8>, referenceYear: Int, overflow: CodeError.Code = .valueTooLong)
        throws(CodeError) -> GS1Date?
    {
        let text = String(decoding: value, as: UTF8.self)
        try checkLength(of: text, count: value.count, overflow: overflow)
        var date: GS1Date?
        var position = value.startIndex
        for component in components {
            let remaining = value.endIndex - position
            if remaining == 0 && component.isOptional { break }
            let length = min(remaining, component.maxLength)
            guard length >= component.minLength else {
                throw CodeError(
                    .valueTooShort,
                    "AI (\(ai)) value \(text.debugDescription) ends in a part of \(length) characters; "
                        + "that part needs \(component.minLength).",
                    ai: ai, text: text)
            }
            let part = value[position..<(position + length)]
            try checkCharacters(part, of: text, offset: position - value.startIndex, set: component.characterSet)
            for check in component.checks {
                if let found = try run(check, on: part, referenceYear: referenceYear), date == nil { date = found }
            }
            position += length
        }
        return date
    }

    private func checkLength(of text: String, count: Int, overflow: CodeError.Code) throws(CodeError) {
        let need = fixedLength.map { "exactly \($0)" }
        if count < minLength {
            throw CodeError(
                .valueTooShort,
                "AI (\(ai)) value \(text.debugDescription) has \(count) characters; "
                    + "it needs \(need ?? "at least \(minLength)").",
                ai: ai, text: text)
        }
        if count > maxLength {
            let hint = overflow == .missingSeparator ? " and no GS separator follows it" : ""
            throw CodeError(
                overflow,
                "AI (\(ai)) value \(text.debugDescription) has \(count) characters; "
                    + "it takes \(need ?? "at most \(maxLength)")\(hint).",
                ai: ai, text: text)
        }
    }

    private func checkCharacters(_ part: ArraySlice<UInt8>, of text: String, offset: Int, set: CharacterSet)
        throws(CodeError)
    {
        switch set {
        case .numeric:
            if let bad = part.firstIndex(where: { !$0.isASCIIDigit }) {
                throw .nonDigit(in: text, at: offset + bad - part.startIndex, what: "value", ai: ai)
            }
        case .cset82:
            if let bad = part.firstIndex(where: { !GS1CharacterSet.isCSET82($0) }) {
                throw .invalidCharacter(
                    in: text, at: offset + bad - part.startIndex, what: "value", allowed: "GS1 CSET 82", ai: ai)
            }
        case .cset39:
            if let bad = part.firstIndex(where: { !GS1CharacterSet.isCSET39($0) }) {
                throw .invalidCharacter(
                    in: text, at: offset + bad - part.startIndex, what: "value", allowed: "GS1 CSET 39", ai: ai)
            }
        }
    }

    private func run(_ check: Check, on part: ArraySlice<UInt8>, referenceYear: Int) throws(CodeError) -> GS1Date? {
        switch check {
        case .csum:
            try GS1CheckDigit.verify(part, what: title, ai: ai)
        case .yymmd0, .yymmdd:
            return try GS1Date(
                yymmdd: String(decoding: part, as: UTF8.self), allowsDayZero: check == .yymmd0,
                referenceYear: referenceYear, ai: ai)
        case .hhmm:
            let digits = part.map { Int($0 - UInt8(ascii: "0")) }
            let (hours, minutes) = (digits[0] * 10 + digits[1], digits[2] * 10 + digits[3])
            guard hours < 24, minutes < 60 else {
                let text = String(decoding: part, as: UTF8.self)
                throw CodeError(.invalidDate, "AI (\(ai)) time \(text) is not a HHMM time of day.", ai: ai, text: text)
            }
        case .zero:
            guard part.allSatisfy({ $0 == UInt8(ascii: "0") }) else {
                let text = String(decoding: part, as: UTF8.self)
                throw CodeError(
                    .invalidCharacter, "AI (\(ai)) must start with the digit 0, found \(text).", ai: ai, text: text)
            }
        }
        return nil
    }
}
