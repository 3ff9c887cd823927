import ReturnsCore
import Synchronization

/// Counters and a latency histogram, rendered in the Prometheus text format at `/metrics`.
public final class StationMetrics: Sendable {
    /// Upper bounds in seconds of the scan latency histogram (read → acknowledged after commit).
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    private struct State {
        var scansByOutcome: [String: Int] = [:]
        var latencyCounts: [Int]
        var latencySum: Double = 0
        var latencyCount = 0
        var deviceErrors: [String: Int] = [:]
        var readsDropped: [String: Int] = [:]
        var storeFailures = 0
        var storeCommits = 0
        var supervisorRequests = 0
    }

    private let state = Mutex(State(latencyCounts: Array(repeating: 0, count: StationMetrics.latencyBuckets.count)))

    public init() {}

    public func scanCommitted(outcome: ScanOutcome, latencySeconds: Double) {
        state.withLock { s in
            s.scansByOutcome[outcome.rawValue, default: 0] += 1
            s.latencyCount += 1
            s.latencySum += latencySeconds
            for (i, bound) in StationMetrics.latencyBuckets.enumerated() where latencySeconds <= bound { s.latencyCounts[i] += 1 }
        }
    }

    public func deviceError(_ device: String) { state.withLock { $0.deviceErrors[device, default: 0] += 1 } }
    /// A read dropped before it was stored (the scan inbox was full); it was never acknowledged.
    public func readDropped(_ device: String) { state.withLock { $0.readsDropped[device, default: 0] += 1 } }
    public func storeFailure() { state.withLock { $0.storeFailures += 1 } }
    /// One transaction of scans committed (a group commit holds every scan that was waiting).
    public func storeCommit() { state.withLock { $0.storeCommits += 1 } }
    public func supervisorRequest() { state.withLock { $0.supervisorRequests += 1 } }

    public var scansCommitted: Int { state.withLock { $0.latencyCount } }

    /// Prometheus text exposition format 0.0.4.
    public func render(outboxDepth: Int, openSessions: Int, devicesUp: Int, supervisorConnections: Int, eventStreams: Int) -> String {
        let s = state.withLock { $0 }
        var out = "# HELP returnstation_scans_total Scans committed, by outcome.\n# TYPE returnstation_scans_total counter\n"
        for outcome in ScanOutcome.allCases {
            out += "returnstation_scans_total{outcome=\"\(outcome.rawValue)\"} \(s.scansByOutcome[outcome.rawValue] ?? 0)\n"
        }
        out += "# HELP returnstation_scan_latency_seconds From read to acknowledgement after the commit.\n# TYPE returnstation_scan_latency_seconds histogram\n"
        for (i, bound) in StationMetrics.latencyBuckets.enumerated() {
            out += "returnstation_scan_latency_seconds_bucket{le=\"\(bound)\"} \(s.latencyCounts[i])\n"
        }
        out += "returnstation_scan_latency_seconds_bucket{le=\"+Inf\"} \(s.latencyCount)\n"
        out += "returnstation_scan_latency_seconds_sum \(s.latencySum)\nreturnstation_scan_latency_seconds_count \(s.latencyCount)\n"
        out += "# HELP returnstation_outbox_depth Return notes not yet confirmed by the ledger.\n# TYPE returnstation_outbox_depth gauge\nreturnstation_outbox_depth \(outboxDepth)\n"
        out += "# HELP returnstation_open_sessions Returns in progress.\n# TYPE returnstation_open_sessions gauge\nreturnstation_open_sessions \(openSessions)\n"
        out += "# HELP returnstation_devices_up Devices being read.\n# TYPE returnstation_devices_up gauge\nreturnstation_devices_up \(devicesUp)\n"
        out += "# HELP returnstation_device_errors_total Read or open errors, by device.\n# TYPE returnstation_device_errors_total counter\n"
        for (device, n) in s.deviceErrors.sorted(by: { $0.key < $1.key }) {
            out += "returnstation_device_errors_total{device=\"\(device)\"} \(n)\n"
        }
        out += "# HELP returnstation_reads_dropped_total Reads dropped unstored and unacknowledged because the scan inbox was full, by device.\n# TYPE returnstation_reads_dropped_total counter\n"
        for (device, n) in s.readsDropped.sorted(by: { $0.key < $1.key }) {
            out += "returnstation_reads_dropped_total{device=\"\(device)\"} \(n)\n"
        }
        out += "# HELP returnstation_store_failures_total Transactions that failed; their scans were not acknowledged.\n# TYPE returnstation_store_failures_total counter\nreturnstation_store_failures_total \(s.storeFailures)\n"
        out += "# HELP returnstation_store_commits_total Transactions of scans committed; scans_total divided by this is the mean group size.\n# TYPE returnstation_store_commits_total counter\nreturnstation_store_commits_total \(s.storeCommits)\n"
        out += "# HELP returnstation_supervisor_requests_total Requests on the supervisor socket.\n# TYPE returnstation_supervisor_requests_total counter\nreturnstation_supervisor_requests_total \(s.supervisorRequests)\n"
        out += "# HELP returnstation_supervisor_connections Open connections on the supervisor socket.\n# TYPE returnstation_supervisor_connections gauge\nreturnstation_supervisor_connections \(supervisorConnections)\n"
        out += "# HELP returnstation_event_streams Open /v1/events streams.\n# TYPE returnstation_event_streams gauge\nreturnstation_event_streams \(eventStreams)\n"
        return out
    }
}
