import GRDB

/// A store failure with what an operator or technician needs: which file, and what SQLite said.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The disk (or the database's page limit) is full: nothing of the batch was written.
        public static let diskFull = Code("diskFull")
        /// The file cannot be opened, read or written (permissions, missing folder, not a database).
        public static let cannotOpen = Code("cannotOpen")
        /// The state folder belongs to another station id.
        public static let wrongStation = Code("wrongStation")
        /// A row broke a rule the store keeps (duplicate order line, serial returned twice).
        public static let constraint = Code("constraint")
        /// A record read back does not make sense (hand-edited database, newer schema).
        public static let corrupt = Code("corrupt")
        public static let notFound = Code("notFound")
        /// Another process holds the state folder (a second daemon, an offline tool next to the service).
        public static let locked = Code("locked")
        /// Another connection held the database longer than the busy timeout.
        public static let busy = Code("busy")
        /// The rows a write was prepared against changed before it committed (two archive runs at once).
        public static let conflict = Code("conflict")
        public static let sqlite = Code("sqlite")
    }

    public let code: Code
    public let message: String
    public let path: String?

    public init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String { path.map { "\(message) (\($0))" } ?? message }

    /// Maps SQLite's result codes to the few cases a station acts on differently.
    static func wrapping(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let db = error as? DatabaseError else { return StoreError(.sqlite, "\(error)", path: path) }
        switch db.resultCode {
        case .SQLITE_FULL: return StoreError(.diskFull, "the disk is full: \(db.message ?? "SQLITE_FULL")", path: path)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_NOTADB, .SQLITE_IOERR:
            return StoreError(.cannotOpen, "cannot use the database: \(db.message ?? "\(db.resultCode)")", path: path)
        case .SQLITE_BUSY:
            return StoreError(.busy, "the database stayed locked by another connection past the busy timeout: \(db.message ?? "SQLITE_BUSY")", path: path)
        case .SQLITE_LOCKED:
            return StoreError(.busy, "a table is locked by another statement on the same connection: \(db.message ?? "SQLITE_LOCKED")", path: path)
        case .SQLITE_CONSTRAINT: return StoreError(.constraint, db.message ?? "constraint violated", path: path)
        default: return StoreError(.sqlite, "\(db.resultCode): \(db.message ?? "")", path: path)
        }
    }
}
