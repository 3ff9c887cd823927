extension GS1ElementString {
    /// Splits transmitted data (GS for FNC1) into elements, validating each as it goes so that a
    /// missing separator is reported at the AI where it happened.
    static func parseTransmitted(_ bytes: ArraySlice<UInt8>, into builder: inout Builder) throws(CodeError) {
        var position = bytes.startIndex
        while position < bytes.endIndex {
            if bytes[position] == .groupSeparator {
                position += 1
                continue
            }
            let definition = try readAI(bytes, at: position)
            let start = position + definition.ai.utf8.count
            let end: Int
            if definition.isPredefinedLength, let length = definition.fixedLength {
                end = min(start + length, bytes.endIndex)
                if let separator = bytes[start..<end].firstIndex(of: .groupSeparator) {
                    let cut = String(decoding: bytes[start..<separator], as: UTF8.self)
                    throw CodeError(
                        .valueTooShort,
                        "AI (\(definition.ai)) value \(cut.debugDescription) is cut short by a separator; "
                            + "it needs \(length) characters.",
                        ai: definition.ai, text: cut)
                }
            } else {
                end = bytes[start...].firstIndex(of: .groupSeparator) ?? bytes.endIndex
            }
            let value = bytes[start..<end]
            try builder.append(
                definition, value, overflow: definition.fixedLength == nil ? .valueTooLong : .missingSeparator)
            position = end
        }
    }
}
