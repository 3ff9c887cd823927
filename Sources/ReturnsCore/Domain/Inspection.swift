/// The state the goods came back in; drives the restocking fee.
public enum ItemCondition: String, Sendable, Codable, CaseIterable, Hashable {
    case new = "NEW", opened = "OPENED", damaged = "DAMAGED", defective = "DEFECTIVE", missingParts = "MISSING_PARTS"
}

/// Why the customer returned the goods; kept for follow-up and analysis.
public enum ReturnReason: String, Sendable, Codable, CaseIterable, Hashable {
    case quality = "QUALITY", notAsDescribed = "NOT_AS_DESCRIBED", wrongItemSent = "WRONG_ITEM_SENT"
    case damagedInTransit = "DAMAGED_IN_TRANSIT", noLongerNeeded = "NO_LONGER_NEEDED", orderError = "ORDER_ERROR"
    case other = "OTHER"
}

/// What happens to the goods next; decides the stock location in the ledger.
public enum Disposition: String, Sendable, Codable, CaseIterable, Hashable {
    case restock = "RESTOCK", refurbish = "REFURBISH", scrap = "SCRAP", returnToVendor = "RETURN_TO_VENDOR"
    case quarantine = "QUARANTINE"
}

/// Condition, reason and disposition of one returned item.
public struct Inspection: Hashable, Sendable, Codable {
    public var condition: ItemCondition
    public var reason: ReturnReason
    public var disposition: Disposition

    public init(condition: ItemCondition, reason: ReturnReason, disposition: Disposition) {
        self.condition = condition
        self.reason = reason
        self.disposition = disposition
    }
}
