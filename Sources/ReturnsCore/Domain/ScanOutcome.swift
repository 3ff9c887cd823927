/// The one outcome every scan ends in, stored with the scan.
///
/// The first eleven are the item outcomes of DESIGN.md, spelled as there. Order scans and command
/// barcodes end in `sessionOpened`, `commandApplied` or `commandRefused`.
public enum ScanOutcome: String, Sendable, Codable, CaseIterable, Hashable {
    case accepted, notInOrder, overReturn, serialMismatch, duplicateSerial, outsideWindow, notReturnable
    case noSession, orderNotFound, unreadable, duplicateRead
    case sessionOpened, commandApplied, commandRefused

    /// Outcomes that a supervisor must look at: they become exceptions to approve or reject.
    public var raisesException: Bool {
        switch self {
        case .notInOrder, .overReturn, .serialMismatch, .duplicateSerial, .outsideWindow, .notReturnable: true
        default: false
        }
    }

    /// The signal class an operator hears or sees for this outcome.
    public var feedback: FeedbackClass {
        switch self {
        case .accepted, .sessionOpened, .commandApplied: .good
        case .duplicateRead: .none
        default: raisesException ? .exception : .rejected
        }
    }
}

/// What the operator is told: good read, rejected, or a supervisor must look.
public enum FeedbackClass: String, Sendable, Codable, Hashable {
    case good, rejected, exception, sessionClosed, none
}
