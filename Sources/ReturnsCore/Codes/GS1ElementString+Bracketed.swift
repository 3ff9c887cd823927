extension GS1ElementString {
    /// Splits the human-readable form "(AI)value(AI)value…"; "\\(" in a value is a literal "(".
    static func parseBracketed(_ bytes: ArraySlice<UInt8>, into builder: inout Builder) throws(CodeError) {
        var position = bytes.startIndex
        while position < bytes.endIndex {
            guard let close = bytes[position...].firstIndex(of: UInt8(ascii: ")")) else {
                let rest = String(decoding: bytes[position...], as: UTF8.self)
                throw CodeError(
                    .malformedElementString, "The bracket in \(rest.debugDescription) is never closed.", text: rest)
            }
            let aiBytes = bytes[(position + 1)..<close]
            let ai = String(decoding: aiBytes, as: UTF8.self)
            guard (2...4).contains(aiBytes.count), aiBytes.allSatisfy(\.isASCIIDigit) else {
                throw CodeError(
                    .malformedElementString, "(\(ai)) is not an Application Identifier: AIs are 2 to 4 digits.",
                    ai: ai, text: ai)
            }
            guard let definition = GS1AIDefinition.table[ai] else {
                throw CodeError(.unknownAI, "AI (\(ai)) is not a known GS1 Application Identifier.", ai: ai, text: ai)
            }
            var value: [UInt8] = []
            position = close + 1
            while position < bytes.endIndex, bytes[position] != UInt8(ascii: "(") {
                if bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.endIndex,
                    bytes[position + 1] == UInt8(ascii: "(")
                {
                    position += 1
                }
                value.append(bytes[position])
                position += 1
            }
            try builder.append(definition, value[...])
        }
    }
}
