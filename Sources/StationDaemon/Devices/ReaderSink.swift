import ScannerInput

/// Where a reader thread delivers what it decoded.
struct ReaderSink: Sendable {
    /// A complete scan; `fromRFID` marks EPC reports.
    var scan: @Sendable (RawScan, _ fromRFID: Bool) -> Void
    /// Input the decoder threw away (timeout, SYN_DROPPED, overlong, garbage): logged, never matched.
    var dropped: @Sendable (DroppedScan) -> Void
    /// Feedback bytes could not be written in time; reading goes on.
    var feedbackFailed: @Sendable (any Error) -> Void = { _ in }
    /// The device is open and being read.
    var opened: @Sendable (_ description: String) -> Void
    var feedback: FeedbackMailbox
    /// Blocks while the scans read so far wait to be stored, for sources that can wait (FIFOs, files); returns at
    /// once for devices.
    var waitForRoom: @Sendable () -> Void = {}

    func deliver(_ output: DecoderOutput, fromRFID: Bool = false) {
        switch output {
        case .none: break
        case .scan(let raw): scan(raw, fromRFID)
        case .dropped(let d): dropped(d)
        }
    }
}
