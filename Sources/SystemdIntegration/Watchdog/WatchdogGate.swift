/// Decides when to send `WATCHDOG=1`, so that a stuck scan pipeline stops the pings.
///
/// A timer alone would keep pinging while the pipeline is wedged (a device read that never returns,
/// a store write that never commits), and systemd would never restart the daemon. Instead the pipeline
/// records a heartbeat each time work — or an idle probe the daemon injects once per interval — has
/// made it all the way through, and the timer asks the gate:
///
/// ```swift
/// var gate = WatchdogGate<ContinuousClock.Instant>(configuration: watchdog)
/// // pipeline, after each committed batch or probe:
/// gate.recordHeartbeat(at: clock.now)
/// // timer, every watchdog.pingInterval (or after each heartbeat):
/// if case .ping = gate.decide(at: clock.now) { try notifier.send(.watchdog) }
/// ```
///
/// With the defaults a pipeline that stops at time T gets pings until T + `pingInterval`, so systemd
/// restarts the service at the latest T + `pingInterval` + `timeout`.
public struct WatchdogGate<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// What the caller should do now.
    public enum Decision: Sendable, Hashable {
        /// Send `WATCHDOG=1`; the gate has noted the ping.
        case ping
        /// The pipeline is alive but the last ping is more recent than ``minimumSpacing``.
        case wait
        /// The pipeline has not beaten for `age` (`nil`: never since start); do not ping, log it.
        case withhold(heartbeatAge: Duration?)
    }

    /// How often the caller's timer should ask (half the watchdog timeout).
    public let pingInterval: Duration
    /// Pings closer together than this are skipped: half the interval, so a timer that fires a little
    /// early still pings (a skipped tick would leave a whole timeout between pings), while a caller that
    /// asks on every heartbeat does not flood PID 1.
    public var minimumSpacing: Duration { pingInterval / 2 }
    /// A heartbeat older than this no longer proves the pipeline alive.
    public let maximumHeartbeatAge: Duration
    public private(set) var lastHeartbeat: Instant?
    public private(set) var lastPing: Instant?

    /// - Parameters:
    ///   - pingInterval: normally `configuration.pingInterval` (half the timeout).
    ///   - maximumHeartbeatAge: defaults to `pingInterval`; must stay below the timeout, or a dead
    ///     pipeline could be pinged for longer than systemd waits.
    public init(pingInterval: Duration, maximumHeartbeatAge: Duration? = nil) {
        self.pingInterval = pingInterval
        self.maximumHeartbeatAge = maximumHeartbeatAge ?? pingInterval
    }

    public init(configuration: WatchdogConfiguration) {
        self.init(pingInterval: configuration.pingInterval)
    }

    /// The pipeline proved itself alive at `instant`. Older instants than the last one are ignored.
    public mutating func recordHeartbeat(at instant: Instant) {
        if let lastHeartbeat, instant < lastHeartbeat { return }
        lastHeartbeat = instant
    }

    /// Whether to ping now; records the ping when the answer is ``Decision/ping``.
    public mutating func decide(at now: Instant) -> Decision {
        guard let lastHeartbeat else { return .withhold(heartbeatAge: nil) }
        let age = lastHeartbeat.duration(to: now)
        guard age <= maximumHeartbeatAge else { return .withhold(heartbeatAge: age) }
        if let lastPing, lastPing.duration(to: now) < minimumSpacing { return .wait }
        lastPing = now
        return .ping
    }
}
