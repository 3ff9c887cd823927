import Foundation
import Synchronization

/// A stop request a blocking reader checks between polls (every few tens of milliseconds).
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func stop() { flag.store(true, ordering: .releasing) }
    public var isStopped: Bool { flag.load(ordering: .acquiring) }

    /// Waits `duration`, or less once stopped (looked at every 50 ms) or cancelled.
    public func sleep(upTo duration: Duration) async {
        let deadline = ContinuousClock.now + duration
        while !isStopped && !Task.isCancelled {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return }
            try? await Task.sleep(for: min(left, .milliseconds(50)))
        }
    }
}

/// Runs blocking device I/O on a thread of its own, owned by the calling task: the task waits for the
/// thread, and cancelling the task stops the thread. Device reads block, and the cooperative pool
/// (two threads on a dock's box) must never wait on a scanner.
func runOnDedicatedThread(name: String, stop: StopSignal, _ body: @escaping @Sendable (StopSignal) throws -> Void) async throws {
    try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try body(stop)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = name
            thread.start()
        }
    } onCancel: {
        stop.stop()
    }
}

/// Bytes to write back to a device (beep/LED commands), handed from the pipeline to the reader thread
/// that owns the device's descriptor.
public final class FeedbackMailbox: Sendable {
    private let pending = Mutex<[[UInt8]]>([])
    public init() {}
    public func post(_ bytes: [UInt8]) { pending.withLock { $0.append(bytes) } }
    func take() -> [[UInt8]] { pending.withLock { p in defer { p.removeAll() }; return p } }
}
