/// Chooses which discovered devices are read, and by which reader: the first matching rule wins.
///
/// Rules come from configuration, in order; there is no global registry of drivers (unlike Odoo's
/// IoT box), so what reads a device is decided in one visible list.
///
/// ```swift
/// let selector = try DeviceSelector(rules: [
///     SelectionRule(name: "hidpos", kind: .hidPOS, properties: ["RETURNSTATION_ROLE": "hid-pos"]),
///     SelectionRule(name: "wedge", kind: .keyboardWedge, properties: ["RETURNSTATION_DEVICE": "scanner"]),
/// ])
/// selector.select(device)   // → DeviceSelection(kind: .hidPOS, rule: "hidpos") or nil
/// ```
public struct DeviceSelector: Sendable, Hashable {
    public let rules: [SelectionRule]

    /// Rejects rules that would take every node of a subsystem, and duplicate rule names.
    public init(rules: [SelectionRule]) throws(SelectionRuleError) {
        var names: Set<String> = []
        for (index, rule) in rules.enumerated() {
            guard rule.hasCriteria else { throw SelectionRuleError(code: .noCriteria, index: index, rule: rule.name) }
            guard names.insert(rule.name).inserted else {
                throw SelectionRuleError(code: .duplicateName, index: index, rule: rule.name)
            }
        }
        self.rules = rules
    }

    public func select(_ device: DiscoveredDevice) -> DeviceSelection? {
        guard let rule = rules.first(where: { $0.matches(device) }) else { return nil }
        return DeviceSelection(kind: rule.kind, rule: rule.name)
    }
}

/// What the selector decided for one device.
public struct DeviceSelection: Sendable, Hashable {
    public var kind: ReaderKind
    /// Name of the rule that matched.
    public var rule: String

    public init(kind: ReaderKind, rule: String) {
        self.kind = kind
        self.rule = rule
    }
}
