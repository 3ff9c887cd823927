import ReturnsCore
import StationConfig
import Synchronization

/// What the station knows about each configured device, for `status` and `devices`.
public final class DeviceRegistry: Sendable {
    public enum State: String, Sendable, Codable {
        /// Configured but not present (unplugged, not found by udev yet).
        case absent
        case reading
        /// Failed; retried after a backoff.
        case failed
        case stopped
    }

    public struct Entry: Sendable, Codable, Equatable {
        public var id: String
        public var kind: String
        public var lane: String
        public var path: String?
        public var state: State
        public var lastScanMillis: Int64?
        public var scans: Int
        public var errors: Int
        public var lastError: String?
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    public func configure(_ devices: [DeviceConfiguration], lanes: LaneMap) {
        entries.withLock { current in
            var next: [String: Entry] = [:]
            for d in devices {
                var entry = current[d.id] ?? Entry(id: d.id, kind: d.kind.rawValue, lane: lanes.lane(of: d.id), path: d.path,
                                                    state: .absent, lastScanMillis: nil, scans: 0, errors: 0, lastError: nil)
                entry.kind = d.kind.rawValue
                entry.lane = lanes.lane(of: d.id)
                next[d.id] = entry
            }
            current = next
        }
    }

    public func update(_ id: String, _ change: (inout Entry) -> Void) {
        entries.withLock { if var e = $0[id] { change(&e); $0[id] = e } }
    }

    public func scanned(_ id: String, atMillis: Int64) {
        update(id) { $0.lastScanMillis = atMillis; $0.scans += 1 }
    }

    public var all: [Entry] { entries.withLock { $0.values.sorted { $0.id < $1.id } } }
}
