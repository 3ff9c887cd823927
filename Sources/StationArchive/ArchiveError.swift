import StationStore

/// An archive run or check that failed, with the file and what went wrong there.
public struct ArchiveError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public let path: String?

    public init(_ message: String, path: String? = nil) {
        self.message = message
        self.path = path
    }

    init(_ store: StoreError) {
        self.init(store.message, path: store.path)
    }

    /// Any failure of an archive step as an `ArchiveError` (the store's errors keep their message and file).
    public static func from(_ error: any Error) -> ArchiveError {
        if let error = error as? ArchiveError { return error }
        if let error = error as? StoreError { return ArchiveError(error) }
        return ArchiveError("\(error)")
    }

    public var description: String { path.map { "\(message) (\($0))" } ?? message }
}
