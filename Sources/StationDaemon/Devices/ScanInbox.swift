import ScannerInput
import Synchronization

/// Scans a reader thread has decoded and the device's task has not yet submitted. The task takes all
/// of them at once, so a burst becomes one group commit; the count is bounded so a reader that outruns
/// the disk drops the oldest unacknowledged reads (they were never acknowledged) instead of growing.
final class ScanInbox: Sendable {
    static let capacity = 10_000
    private let state = Mutex<(items: [(RawScan, Bool)], finished: Bool, waiter: CheckedContinuation<Void, Never>?)>(([], false, nil))

    func put(_ raw: RawScan, fromRFID: Bool) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.items.count >= ScanInbox.capacity { s.items.removeFirst() }
            s.items.append((raw, fromRFID))
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
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
