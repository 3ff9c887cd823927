/// What one scan means, decided from its text alone.
public enum ScanMeaning: Hashable, Sendable {
    case item(DecodedItem)
    case order(String)
    case rma(String)
    case command(Command)
    case unreadable(ScanError)
    /// Not a scan: an action from the supervisor socket, journaled with the scans.
    case supervisor(SupervisorAction, by: String)

    /// The `kind` name shown by `decode` and stored in the journal.
    public var kind: String {
        switch self {
        case .item(let item): item.kind.rawValue
        case .order: "order"
        case .rma: "rma"
        case .command: "command"
        case .unreadable: "unknown"
        case .supervisor: "supervisor"
        }
    }
}

/// Turns scanned text into a `ScanMeaning`: commands first, then order and RMA numbers, then item codes.
///
/// Commands and numbers go first because their prefixes are letters, which no item code starts with
/// after its AIM identifier is removed.
public struct ScanClassifier: Sendable {
    public var commands: CommandBarcodes
    public var orderPattern: IdentifierPattern
    public var rmaPattern: IdentifierPattern
    /// Longest scan text accepted; longer input is garbage (a stuck key, a mis-set scanner).
    public var maximumLength: Int

    public init(
        commands: CommandBarcodes = .standard, orderPattern: IdentifierPattern = .defaultOrder,
        rmaPattern: IdentifierPattern = .defaultRMA, maximumLength: Int = 512
    ) {
        self.commands = commands
        self.orderPattern = orderPattern
        self.rmaPattern = rmaPattern
        self.maximumLength = maximumLength
    }

    /// Classifies text as delivered by a scanner; GS (0x1D) stands for FNC1 and is kept.
    /// `symbologyHint` is an AIM identifier reported out of band (HID POS), used when the text has none.
    public func classify(_ rawText: String, symbologyHint: String? = nil, fromRFID: Bool = false) -> ScanMeaning {
        guard rawText.count <= maximumLength else {
            return .unreadable(ScanError(.tooLong, "scan of \(rawText.count) characters is longer than the \(maximumLength) allowed", text: String(rawText.prefix(64))))
        }
        let text = trimmed(rawText)
        guard !text.isEmpty else { return .unreadable(ScanError(.unknownCode, "empty scan", text: rawText)) }
        if let bad = text.unicodeScalars.first(where: { $0.value < 0x20 && $0.value != 0x1D || $0.value == 0x7F }) {
            return .unreadable(ScanError(.notText, "control character 0x\(String(bad.value, radix: 16)) in scan", text: text))
        }
        let (aim, payload) = AIMIdentifier.split(text)
        if aim == nil || aim?.code == "C" || aim?.code == "Q" || aim?.code == "d" || aim?.code == "A" {
            do {
                if let command = try commands.parse(payload) { return .command(command) }
            } catch { return .unreadable(error) }
            if orderPattern.matches(payload) { return .order(payload) }
            if rmaPattern.matches(payload) { return .rma(payload) }
        }
        // An AIM identifier reported beside the data (HID POS) counts as if it led the text.
        let itemText = aim == nil ? (symbologyHint ?? "") + text : text
        do {
            if let item = try ItemCodeDecoder.decode(itemText, preferEPC: fromRFID) { return .item(item) }
        } catch {
            return .unreadable(ScanError(.badItemCode, error.message, text: text, itemCodeError: error))
        }
        return .unreadable(ScanError(.unknownCode, "'\(text.prefix(64))' is no item code, order or RMA number, or command", text: text))
    }

    /// Keyboard wedges append CR/LF and sometimes pad with spaces; none of that is data.
    private func trimmed(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let last = scalars.last, last == "\r" || last == "\n" || last == " " || last == "\t" { scalars = scalars.dropLast() }
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        return String(String.UnicodeScalarView(scalars))
    }
}
