import ReturnsCore
import Synchronization

/// What the supervisor reads of the pipeline (open sessions, the refund policy notes are priced by), published
/// by the pipeline after every change. A status request reads it from memory instead of waiting for the actor,
/// which may be in the middle of a transaction: the supervisor never queues behind scanning.
///
/// Sessions are published as their summaries, not as `LaneSession`s: a snapshot holding a session's item array
/// would make the pipeline copy that array at the next scan into the session (copy on write), for every scan.
public struct PipelineSnapshot: Sendable {
    /// Open sessions by lane, as committed so far.
    var openSessions: [SupervisorViews.SessionSummary]
    public var refundPolicy: RefundPolicy
    public var openSessionCount: Int { openSessions.count }
}

public final class PipelineSnapshotBoard: Sendable {
    private let latest: Mutex<PipelineSnapshot>

    init(_ snapshot: PipelineSnapshot) { latest = Mutex(snapshot) }

    public var snapshot: PipelineSnapshot { latest.withLock { $0 } }

    func publish(_ snapshot: PipelineSnapshot) { latest.withLock { $0 = snapshot } }

    /// A new refund policy with the sessions of the last commit: the pipeline may be in the middle of a batch,
    /// whose sessions are not committed yet.
    func publish(refundPolicy: RefundPolicy) { latest.withLock { $0.refundPolicy = refundPolicy } }
}
