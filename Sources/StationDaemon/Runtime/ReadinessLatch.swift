import Synchronization

/// Counts down the parts that must be up before READY=1 (devices started, supervisor listening), then
/// runs its action once.
public final class ReadinessLatch: Sendable {
    private let state: Mutex<(remaining: Int, action: (@Sendable () -> Void)?)>

    public init(parts: Int) { state = Mutex((parts, nil)) }

    /// One part is up.
    public func arrive() {
        let action: (@Sendable () -> Void)? = state.withLock { s in
            s.remaining -= 1
            guard s.remaining == 0 else { return nil }
            defer { s.action = nil }
            return s.action
        }
        action?()
    }


    /// Sets what happens when every part has arrived (at once if they already have).
    public func whenReady(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { s -> Bool in
            if s.remaining <= 0 { return true }
            s.action = action
            return false
        }
        if runNow { action() }
    }
}
