/// Constructors for errors raised in more than one place, so their wording stays the same.
extension CodeError {
    /// A non-digit where digits are required, found at UTF-8 offset `byteOffset` of `text`.
    static func nonDigit(in text: String, at byteOffset: Int, what: String, ai: String? = nil) -> CodeError {
        let (character, position) = text.character(atUTF8Offset: byteOffset)
        let prefix = ai.map { "AI (\($0)) " } ?? ""
        return CodeError(
            .nonDigit,
            "\(prefix)\(what) \(text.debugDescription) has non-digit \(String(character).debugDescription) "
                + "at position \(position).",
            ai: ai, text: text)
    }

    /// A character outside the allowed set, found at UTF-8 offset `byteOffset` of `text`.
    static func invalidCharacter(
        in text: String, at byteOffset: Int, what: String, allowed: String, ai: String? = nil
    ) -> CodeError {
        let (character, position) = text.character(atUTF8Offset: byteOffset)
        let prefix = ai.map { "AI (\($0)) " } ?? ""
        return CodeError(
            .invalidCharacter,
            "\(prefix)\(what) \(text.debugDescription) has \(String(character).debugDescription) "
                + "at position \(position), which is not in \(allowed).",
            ai: ai, text: text)
    }
}

extension String {
    /// The character containing UTF-8 offset `offset` and its one-based position, for error messages.
    func character(atUTF8Offset offset: Int) -> (Character, Int) {
        let utf8Index = utf8.index(utf8.startIndex, offsetBy: offset)
        let index = self.index(before: self.index(after: utf8Index))  // round down to a character boundary
        return (self[index], distance(from: startIndex, to: index) + 1)
    }
}
