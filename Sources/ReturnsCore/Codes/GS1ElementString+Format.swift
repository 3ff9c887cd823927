extension GS1ElementString: CustomStringConvertible {
    /// The bracketed human-readable form, "(01)09506000134352(10)ABC"; "(" in a value is written "\\(".
    public var bracketed: String {
        elements.map { element in
            let value = element.value.contains("(") ? element.value.replacing("(", with: "\\(") : element.value
            return "(\(element.ai))\(value)"
        }.joined()
    }

    /// The transmitted form: a GS (FNC1) after every value that has no predefined length, except the last.
    public var transmitted: String {
        var text = ""
        for (index, element) in elements.enumerated() {
            text += element.ai + element.value
            let predefined = GS1AIDefinition.table[element.ai]?.isPredefinedLength ?? false
            if !predefined && index < elements.count - 1 { text += "\u{1D}" }
        }
        return text
    }

    public var description: String { bracketed }
}
