/// The texts of the command barcodes; configurable so a site can reuse an existing sheet.
public struct CommandBarcodes: Hashable, Sendable, Codable {
    public var close: String
    public var cancel: String
    public var undo: String
    public var quantityPrefix: String
    public var conditionPrefix: String
    public var reasonPrefix: String
    public var dispositionPrefix: String
    public var operatorPrefix: String

    public static let standard = CommandBarcodes(
        close: "CMD:CLOSE", cancel: "CMD:CANCEL", undo: "CMD:UNDO", quantityPrefix: "QTY:",
        conditionPrefix: "COND:", reasonPrefix: "RSN:", dispositionPrefix: "DISP:", operatorPrefix: "OP:"
    )

    public init(
        close: String, cancel: String, undo: String, quantityPrefix: String, conditionPrefix: String,
        reasonPrefix: String, dispositionPrefix: String, operatorPrefix: String
    ) {
        self.close = close
        self.cancel = cancel
        self.undo = undo
        self.quantityPrefix = quantityPrefix
        self.conditionPrefix = conditionPrefix
        self.reasonPrefix = reasonPrefix
        self.dispositionPrefix = dispositionPrefix
        self.operatorPrefix = operatorPrefix
    }

    /// Largest quantity one `QTY:` scan may set; a mistyped `QTY:1000000` is refused, not believed.
    public static let maximumQuantity = 9999

    /// Parses command text. `nil` means "not a command"; a known prefix with a bad argument throws.
    public func parse(_ text: String) throws(ScanError) -> Command? {
        switch text {
        case close: return .close
        case cancel: return .cancel
        case undo: return .undo
        default: break
        }
        if let argument = text.dropPrefix(quantityPrefix) {
            guard let n = Int(argument), (1...CommandBarcodes.maximumQuantity).contains(n) else {
                throw ScanError(.badCommand, "\(quantityPrefix) needs a whole number from 1 to \(CommandBarcodes.maximumQuantity), got '\(argument)'", text: text)
            }
            return .quantity(n)
        }
        if let argument = text.dropPrefix(conditionPrefix) {
            guard let value = ItemCondition(rawValue: argument) else { throw badValue(text, argument, ItemCondition.allCases.map(\.rawValue)) }
            return .condition(value)
        }
        if let argument = text.dropPrefix(reasonPrefix) {
            guard let value = ReturnReason(rawValue: argument) else { throw badValue(text, argument, ReturnReason.allCases.map(\.rawValue)) }
            return .reason(value)
        }
        if let argument = text.dropPrefix(dispositionPrefix) {
            guard let value = Disposition(rawValue: argument) else { throw badValue(text, argument, Disposition.allCases.map(\.rawValue)) }
            return .disposition(value)
        }
        if let argument = text.dropPrefix(operatorPrefix) {
            guard (1...32).contains(argument.count), argument.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw ScanError(.badCommand, "\(operatorPrefix) needs an operator id of 1 to 32 letters, digits, '-' or '_', got '\(argument)'", text: text)
            }
            return .setOperator(argument)
        }
        return nil
    }

    /// The barcode text that produces a command.
    public func barcode(for command: Command) -> String {
        switch command {
        case .close: close
        case .cancel: cancel
        case .undo: undo
        case .quantity(let n): quantityPrefix + String(n)
        case .condition(let c): conditionPrefix + c.rawValue
        case .reason(let r): reasonPrefix + r.rawValue
        case .disposition(let d): dispositionPrefix + d.rawValue
        case .setOperator(let id): operatorPrefix + id
        }
    }

    /// Every fixed command on the sheet, in print order (operator badges are printed per person).
    public var sheet: [(title: String, command: Command)] {
        var rows: [(String, Command)] = [("Close return", .close), ("Cancel return", .cancel), ("Undo last item", .undo)]
        rows += [2, 3, 4, 5, 10].map { ("Quantity \($0)", .quantity($0)) }
        rows += ItemCondition.allCases.map { ("Condition \($0.rawValue)", .condition($0)) }
        rows += ReturnReason.allCases.map { ("Reason \($0.rawValue)", .reason($0)) }
        rows += Disposition.allCases.map { ("Disposition \($0.rawValue)", .disposition($0)) }
        return rows
    }

    private func badValue(_ text: String, _ argument: String, _ allowed: [String]) -> ScanError {
        ScanError(.badCommand, "unknown value '\(argument)'; expected one of \(allowed.joined(separator: ", "))", text: text)
    }
}

extension String {
    func dropPrefix(_ prefix: String) -> String? {
        guard !prefix.isEmpty, hasPrefix(prefix) else { return nil }
        return String(dropFirst(prefix.count))
    }
}
