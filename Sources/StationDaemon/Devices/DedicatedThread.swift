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
    /// The read end of a pipe the device's reader polls beside the device: a posted beep wakes it at once.
    /// Without it the beep waited for the reader's next poll timeout, and every acknowledgement came 50 ms after
    /// its commit. (A pipe, not an eventfd: Swift's Glibc module does not export eventfd.)
    public let wakeDescriptor: Int32
    private let wakeWriter: Int32

    public init() {
        // Should the pipe fail, both ends are -1, which poll ignores: beeps then wait for the 50 ms poll as before.
        // (pipe2 would set close-on-exec atomically, but Swift's Glibc module does not export it: a feedback hook
        // spawned in the instant between pipe and fcntl may inherit the two ends, which only costs it two fds.)
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            let configured = ends.allSatisfy { fd in
                let flags = fcntl(fd, F_GETFL)
                return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 && fcntl(fd, F_SETFD, FD_CLOEXEC) == 0
            }
            if !configured {
                ends.forEach { close($0) }
                ends = [-1, -1]
            }
        } else {
            ends = [-1, -1]
        }
        (wakeDescriptor, wakeWriter) = (ends[0], ends[1])
    }

    deinit {
        if wakeDescriptor >= 0 { close(wakeDescriptor) }
        if wakeWriter >= 0 { close(wakeWriter) }
    }

    public func post(_ bytes: [UInt8]) {
        pending.withLock { $0.append(bytes) }
        var one: UInt8 = 1
        _ = write(wakeWriter, &one, 1)  // a full pipe (EAGAIN) already wakes the reader
    }

    func take() -> [[UInt8]] {
        var drain = [UInt8](repeating: 0, count: 64)
        while read(wakeDescriptor, &drain, drain.count) > 0 {}  // clears the wakeup; nonblocking
        return pending.withLock { p in defer { p.removeAll() }; return p }
    }
}
