import Foundation

/// What the ledger made of a submitted note (`POST /v1/return-notes`, `GET /v1/return-notes/{id}`).
///
/// Every unit of the submission ends either in `acceptedLines` or in `refusedLines`; a submitted line can be
/// split between them (two of three units accepted, the last one refused as `alreadyReturned`). `index` points
/// back to the submitted line (from 0).
public struct ReturnNoteResult: Codable, Hashable, Sendable {
    public var noteID: UUID
    public var station: String
    public var noteNumber: String
    public var orderNumber: String
    public var rmaNumber: String?
    public var status: NoteStatus
    public var acceptedLines: [AcceptedLine]
    public var refusedLines: [RefusedLine]
    /// Present when at least one line was accepted.
    public var creditNote: CreditNoteDTO?
    /// When the ledger first stored the note, milliseconds since the Unix epoch.
    public var receivedAtMillis: Int64

    public init(noteID: UUID, station: String, noteNumber: String, orderNumber: String, rmaNumber: String?,
                status: NoteStatus, acceptedLines: [AcceptedLine], refusedLines: [RefusedLine],
                creditNote: CreditNoteDTO?, receivedAtMillis: Int64) {
        self.noteID = noteID
        self.station = station
        self.noteNumber = noteNumber
        self.orderNumber = orderNumber
        self.rmaNumber = rmaNumber
        self.status = status
        self.acceptedLines = acceptedLines
        self.refusedLines = refusedLines
        self.creditNote = creditNote
        self.receivedAtMillis = receivedAtMillis
    }
}

/// Whether all, some or none of a note's units were accepted.
public enum NoteStatus: String, Codable, Hashable, Sendable, CaseIterable {
    case accepted, partiallyAccepted, refused
}

/// Units the ledger accepted: they moved to `location` and are on the credit note.
public struct AcceptedLine: Codable, Hashable, Sendable {
    public var index: Int
    public var orderLine: Int
    public var quantity: Int
    public var serials: [String]
    /// The stock location the disposition sent the goods to.
    public var location: String
    public var grossMinor: Int64
    public var feeMinor: Int64
    public var taxMinor: Int64
    public var refundMinor: Int64
    /// The station rule (`outsideWindow`, `notReturnable`) a supervisor's approval set aside for these units.
    public var honouredOverride: String?

    public init(index: Int, orderLine: Int, quantity: Int, serials: [String], location: String, grossMinor: Int64,
                feeMinor: Int64, taxMinor: Int64, refundMinor: Int64, honouredOverride: String? = nil) {
        self.index = index
        self.orderLine = orderLine
        self.quantity = quantity
        self.serials = serials
        self.location = location
        self.grossMinor = grossMinor
        self.feeMinor = feeMinor
        self.taxMinor = taxMinor
        self.refundMinor = refundMinor
        self.honouredOverride = honouredOverride
    }
}

/// Units the ledger refused, and why; the station turns them into exceptions.
public struct RefusedLine: Codable, Hashable, Sendable {
    public var index: Int
    public var orderLine: Int
    public var quantity: Int
    public var serials: [String]
    public var reason: RefusalReason
    /// For a person: what exactly was wrong.
    public var message: String

    public init(index: Int, orderLine: Int, quantity: Int, serials: [String], reason: RefusalReason, message: String) {
        self.index = index
        self.orderLine = orderLine
        self.quantity = quantity
        self.serials = serials
        self.reason = reason
        self.message = message
    }
}

/// Why units were refused.
public enum RefusalReason: String, Codable, Hashable, Sendable, CaseIterable {
    /// Sold minus returned (across all stations) is less than what this note returns.
    case alreadyReturned
    /// The serial was returned before, on any station.
    case serialAlreadyReturned
    /// The note closed after the last day of the line's return window.
    case outsideWindow
    /// The line is not returnable.
    case notReturnable
    /// The order has no such line, or the serial was not sold on it.
    case notOnOrder
    /// The note's RMA does not authorise these units (line not on it, quantity used up, expired or cancelled).
    case notAuthorised
}
