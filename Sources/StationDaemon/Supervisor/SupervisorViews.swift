import Foundation
import ReturnsCore
import StationArchive
import StationStore

/// JSON shapes of the supervisor API (docs/SUPERVISOR_API.md).
enum SupervisorViews {
    struct Status: Codable {
        var station: String
        var version: String
        var uptimeSeconds: Int64
        var devices: [DeviceRegistry.Entry]
        var openSessions: Int
        var outboxDepth: Int
        var openExceptions: Int
        var lastSync: SyncStatusBoard.Snapshot
        /// `RefundPolicy.id` of the policy notes are priced by now, and its canonical text.
        var refundPolicy: String
        var refundPolicyText: String
        /// SQLite's settings as the connection that commits read them back at start (durability, for a benchmark's
        /// baseline to copy): journal_mode, synchronous, page_size, wal_autocheckpoint, foreign_keys, busy_timeout.
        var storeWriter: [String: String]
        var degraded: [String]
    }

    struct SessionSummary: Codable {
        var id: String
        var lane: String
        var order: String
        var rma: String?
        var operatorID: String?
        var openedAtMillis: Int64
        var items: Int
        var units: Int
        var pendingQuantity: Int?
        var condition: String
        var reason: String
        var disposition: String

        init(_ s: LaneSession) {
            id = s.id
            lane = s.lane
            order = s.orderNumber
            rma = s.rmaNumber
            operatorID = s.operatorID
            openedAtMillis = s.openedAtMillis
            let counted = s.countedItems
            items = counted.count
            units = counted.reduce(0) { $0 + $1.quantity }
            pendingQuantity = s.pendingQuantity
            condition = s.defaults.condition.rawValue
            reason = s.defaults.reason.rawValue
            disposition = s.defaults.disposition.rawValue
        }
    }

    struct Item: Codable {
        var scanID: String
        var line: Int
        var gtin: String
        var quantity: Int
        var serial: String?
        var lot: String?
        var expiry: String?
        var condition: String
        var reason: String
        var disposition: String
        var undone: Bool

        init(_ i: SessionItem) {
            scanID = i.scanID
            line = i.line
            gtin = i.gtin.digits
            quantity = i.quantity
            serial = i.serial
            lot = i.lot
            expiry = i.expiry
            condition = i.inspection.condition.rawValue
            reason = i.inspection.reason.rawValue
            disposition = i.inspection.disposition.rawValue
            undone = i.undone
        }
    }

    struct SessionDetail: Codable {
        var session: SessionSummary?
        var status: String
        var items: [Item]
        var scans: [Scan]
    }

    struct Scan: Codable {
        var seq: Int64
        var id: String
        var device: String
        var lane: String
        var rawHex: String
        var text: String
        var kind: String
        var outcome: String
        var detail: String
        var session: String?
        var order: String?
        var line: Int?
        var quantity: Int
        var scannedAtMillis: Int64

        init(_ r: JournalRecord) {
            seq = r.seq
            id = r.id
            device = r.device
            lane = r.lane
            rawHex = r.raw.map { String(format: "%02x", $0) }.joined()
            text = ReplayReport.printable(r.text)
            kind = r.kind
            outcome = r.outcome
            detail = r.detail
            session = r.sessionID
            order = r.orderNumber
            line = r.line
            quantity = r.quantity
            scannedAtMillis = r.scannedAtMillis
        }
    }

    struct ActionResult: Codable {
        var outcome: String
        var detail: String
        var seq: Int64?
    }

    struct Sync: Codable {
        var ledgerConfigured: Bool
        var pending: Int
        var lastAttemptMillis: Int64?
        var lastSuccessMillis: Int64?
        var lastError: String?
        var consecutiveFailures: Int
        /// Notes the ledger refused: they wait for `POST /v1/sync/retry` (`returnsctl sync retry`).
        var parked: Int
        var pendingNotes: [PendingNote]
    }

    struct PendingNote: Codable {
        var note: String
        var order: String
        var attempts: Int
        var lastError: String?
        var parked: Bool
    }

    struct Imported: Codable {
        var imported: Int
    }

    struct Retried: Codable {
        /// Parked notes made due again.
        var unparked: Int
    }

    /// `GET /v1/archive`: what left the live store, where it is, and how big the live store is now.
    struct Archive: Codable {
        struct File: Codable {
            var file: String
            var members: Int
            var records: Int
            var firstSeq: Int64
            var lastSeq: Int64
        }
        var enabled: Bool
        var afterDays: Int
        var intervalSeconds: Int
        var folder: String
        var archivedThrough: Int64
        var files: [File]
        var liveScans: Int
        var liveDatabaseBytes: Int64
        var lastRun: StationArchiver.LastRun?
    }
}
