import ReturnsCore

/// What an operator may tune without a schema change. Every instance serving one database must use the same values.
public struct LedgerConfiguration: Sendable, Hashable {
    /// Stock location per disposition.
    public var locations: [Disposition: String]
    /// Restocking fees and waivers; the station uses `RefundPolicy.standard` too unless configured otherwise.
    public var refundPolicy: RefundPolicy
    /// Lifetime of an RMA when the request gives none.
    public var defaultRMADays: Int
    /// Credit notes are numbered `<prefix><six or more digits>`.
    public var creditNotePrefix: String

    public static let defaultLocations: [Disposition: String] = [
        .restock: "saleable", .refurbish: "refurbishment", .scrap: "scrap", .returnToVendor: "vendor-returns",
        .quarantine: "quarantine",
    ]

    public init(locations: [Disposition: String] = LedgerConfiguration.defaultLocations,
                refundPolicy: RefundPolicy = .standard, defaultRMADays: Int = 30, creditNotePrefix: String = "CN-") {
        self.locations = locations
        self.refundPolicy = refundPolicy
        self.defaultRMADays = defaultRMADays
        self.creditNotePrefix = creditNotePrefix
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
