import LedgerProtocol
import ReturnsCore

/// What an operator may tune without a schema change. Every instance serving one database must use the same values.
public struct LedgerConfiguration: Sendable, Hashable {
    /// Stock location per disposition.
    public var locations: [Disposition: String]
    /// Restocking fees and waivers. Served at `GET /v1/refund-policy`; stations price their notes by it.
    public var refundPolicy: RefundPolicy
    /// Which of a station supervisor's approvals of a refused item the ledger honours.
    public var overridePolicy: OverridePolicy
    /// Lifetime of an RMA when the request gives none.
    public var defaultRMADays: Int
    /// Credit notes are numbered `<prefix><six or more digits>`.
    public var creditNotePrefix: String

    public static let defaultLocations: [Disposition: String] = [
        .restock: "saleable", .refurbish: "refurbishment", .scrap: "scrap", .returnToVendor: "vendor-returns",
        .quarantine: "quarantine",
    ]

    public init(locations: [Disposition: String] = LedgerConfiguration.defaultLocations,
                refundPolicy: RefundPolicy = .standard, overridePolicy: OverridePolicy = .standard,
                defaultRMADays: Int = 30, creditNotePrefix: String = "CN-") {
        self.locations = locations
        self.refundPolicy = refundPolicy
        self.overridePolicy = overridePolicy
        self.defaultRMADays = defaultRMADays
        self.creditNotePrefix = creditNotePrefix
    }

    /// Applies `CONDITION=PERCENT` fee settings such as `OPENED=15` and, when `waived` is not nil, the reasons
    /// whose fee is waived (replacing the standard list).
    public mutating func overrideRefundPolicy(fees: [String], waived: [String]?) throws(LedgerError) {
        for pair in fees {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let condition = ItemCondition(rawValue: parts[0].uppercased()),
                  let percent = Double(parts[1]), (0...100).contains(percent) else {
                throw LedgerError(.configuration, "'\(pair)' is not CONDITION=PERCENT with a percentage from 0 to 100 (conditions: \(ItemCondition.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            refundPolicy.feeBasisPoints[condition] = Int((percent * 100).rounded())
        }
        guard let waived else { return }
        var reasons = Set<ReturnReason>()
        for name in waived.flatMap({ $0.split(separator: ",").map(String.init) }) where !name.isEmpty {
            guard let reason = ReturnReason(rawValue: name.uppercased()) else {
                throw LedgerError(.configuration, "'\(name)' is not a reason (reasons: \(ReturnReason.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            reasons.insert(reason)
        }
        refundPolicy.feeWaivedReasons = reasons
    }

    public func location(for disposition: Disposition) -> String {
        locations[disposition] ?? LedgerConfiguration.defaultLocations[disposition] ?? disposition.rawValue.lowercased()
    }

    /// Applies `DISPOSITION=location` overrides such as `RESTOCK=shop-floor`.
    public mutating func overrideLocations(_ pairs: [String]) throws(LedgerError) {
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let disposition = Disposition(rawValue: parts[0].uppercased()), !parts[1].isEmpty else {
                throw LedgerError(.configuration, "'\(pair)' is not DISPOSITION=location (dispositions: \(Disposition.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            locations[disposition] = parts[1]
        }
    }
}
