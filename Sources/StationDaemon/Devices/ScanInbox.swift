import Glibc
import ScannerInput
import Synchronization

/// Scans a reader thread has decoded and the device's task has not yet submitted. The task takes all
/// of them at once, so a burst becomes one group commit; the count is bounded so a reader that outruns
/// the disk drops the oldest unacknowledged reads (they were never acknowledged) instead of growing;
/// `put` hands each dropped read back so the caller logs it, counts it and tells the supervisor.
final class ScanInbox: Sendable {
    static let defaultCapacity = 10_000
    private let state = Mutex<(items: [(RawScan, Bool)], finished: Bool, waiter: CheckedContinuation<Void, Never>?)>(([], false, nil))

    let capacity: Int

    init(capacity: Int = ScanInbox.defaultCapacity) { self.capacity = capacity }

    /// Queues a read; returns the oldest one when the inbox was full and it had to go. A source that can wait
    /// (`evictingWhenFull: false`) never loses one: it waits for room before each read, and only when it is being
    /// stopped does the inbox go past its capacity, by what the source had read already.
    @discardableResult
    func put(_ raw: RawScan, fromRFID: Bool, evictingWhenFull: Bool = true) -> RawScan? {
        let (waiter, dropped) = state.withLock { s -> (CheckedContinuation<Void, Never>?, RawScan?) in
            let dropped = evictingWhenFull && s.items.count >= capacity ? s.items.removeFirst().0 : nil
            s.items.append((raw, fromRFID))
            defer { s.waiter = nil }
            return (s.waiter, dropped)
        }
        waiter?.resume()
        return dropped
    }

    /// For a source that can wait (a FIFO, a file, a capture): blocks the reader's own thread while the inbox is
    /// full, so a writer that outruns the disk is slowed down instead of losing reads. A device cannot wait (the
    /// kernel would drop its events), so device readers never call this. Polls every millisecond rather than
    /// waiting on a condition: the pipeline empties the whole inbox at once, so room comes in large steps.
    func waitForRoom(unless stop: StopSignal) {
        while !stop.isStopped && state.withLock({ $0.items.count >= capacity }) { usleep(1_000) }
    }

    func finish() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.finished = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Everything waiting, after waiting for at least one; nil once finished and empty.
    func takeAll() async -> [(RawScan, Bool)]? {
        while true {
            let taken = state.withLock { s -> [(RawScan, Bool)]? in
                guard !s.items.isEmpty else { return nil }
                defer { s.items.removeAll() }
                return s.items
            }
            if let taken { return taken }
            if state.withLock({ $0.finished }) { return nil }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { s -> Bool in
                    if !s.items.isEmpty || s.finished { return true }
                    s.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}
