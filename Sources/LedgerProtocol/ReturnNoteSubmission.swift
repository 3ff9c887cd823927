import Foundation
import ReturnsCore

/// A closed return note as a station submits it (`POST /v1/return-notes`).
///
/// `id` is the idempotency key: the same id with the same body gets the stored result again; the same id with any
/// other body is a conflict. The ledger recomputes the money of what it accepts with the ``RefundPolicy`` the note
/// names (`refundPolicy`, one the ledger served), so both sides arrive at the same amounts; the amounts sent here
/// are the station's view, stored for the record.
public struct ReturnNoteSubmission: Codable, Hashable, Sendable {
    public var id: UUID
    /// The submitting station's name; must be the station the bearer token belongs to.
    public var station: String
    /// The station's own gapless note number (unique per station).
    public var noteNumber: String
    public var orderNumber: String
    public var rmaNumber: String?
    public var customer: String
    /// When the session closed, milliseconds since 1970-01-01T00:00:00Z.
    public var closedAtMillis: Int64
    /// The station's local calendar day of `closedAtMillis` (`YYYY-MM-DD`); the return window is judged by it.
    /// When absent the ledger uses the UTC day. It may differ from the UTC day by at most one day.
    public var closedOn: String?
    public var currency: String
    public var lines: [ReturnNoteLineDTO]
    /// `RefundPolicy.id` of the policy the station priced the note by (`GET /v1/refund-policy`). Absent: the
    /// ledger's current policy. A policy the ledger never served is refused (422 `unknownRefundPolicy`).
    public var refundPolicy: String?
    /// The operator who scanned the return (the `OP:` barcode), when one was scanned in.
    public var operatorID: String?

    public init(id: UUID, station: String, noteNumber: String, orderNumber: String, rmaNumber: String?, customer: String,
                closedAtMillis: Int64, closedOn: String?, currency: String, lines: [ReturnNoteLineDTO],
                refundPolicy: String? = nil, operatorID: String? = nil) {
        self.id = id
        self.station = station
        self.noteNumber = noteNumber
        self.orderNumber = orderNumber
        self.rmaNumber = rmaNumber
        self.customer = customer
        self.closedAtMillis = closedAtMillis
        self.closedOn = closedOn
        self.currency = currency
        self.lines = lines
        self.refundPolicy = refundPolicy
        self.operatorID = operatorID
    }
}

/// One line of a submitted note: a quantity of one order line with one inspection.
public struct ReturnNoteLineDTO: Codable, Hashable, Sendable {
    public var orderLine: Int
    public var gtin: String
    public var sku: String
    /// Units; equals `serials.count` when serials are given.
    public var quantity: Int
    public var condition: ItemCondition
    public var reason: ReturnReason
    public var disposition: Disposition
    public var serials: [String]
    public var lots: [String]
    public var unitPriceMinor: Int64
    public var taxRateBasisPoints: Int
    public var grossMinor: Int64
    public var feeMinor: Int64
    public var taxMinor: Int64
    public var refundMinor: Int64
    /// A supervisor at the station let these units through after the station refused them; the ledger honours it
    /// under its override policy (`GET /v1/refund-policy`) and records it either way.
    public var override: ExceptionOverride?

    public init(orderLine: Int, gtin: String, sku: String, quantity: Int, condition: ItemCondition, reason: ReturnReason,
                disposition: Disposition, serials: [String], lots: [String], unitPriceMinor: Int64,
                taxRateBasisPoints: Int, grossMinor: Int64, feeMinor: Int64, taxMinor: Int64, refundMinor: Int64,
                override: ExceptionOverride? = nil) {
        self.orderLine = orderLine
        self.gtin = gtin
        self.sku = sku
        self.quantity = quantity
        self.condition = condition
        self.reason = reason
        self.disposition = disposition
        self.serials = serials
        self.lots = lots
        self.unitPriceMinor = unitPriceMinor
        self.taxRateBasisPoints = taxRateBasisPoints
        self.grossMinor = grossMinor
        self.feeMinor = feeMinor
        self.taxMinor = taxMinor
        self.refundMinor = refundMinor
        self.override = override
    }
}

