import ReturnsCore
import StationStore

/// A scan that is on disk: only now may the operator hear the good-read beep.
public struct ScanReceipt: Sendable {
    public var input: ScanInput
    public var lane: String
    /// Journal sequence; nil for a repeated RFID read (tallied, not journaled row by row).
    public var seq: Int64?
    public var scanID: String
    public var meaning: ScanMeaning
    public var decision: ScanDecision
    /// The note this scan closed, with its number.
    public var note: StoredReturnNote?
}

/// Why a scan was not acknowledged.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public let store: StoreError
    public var description: String { "scan not stored, not acknowledged: \(store)" }
}
