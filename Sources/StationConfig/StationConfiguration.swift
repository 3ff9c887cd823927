import ReturnsCore

/// Everything `returnsd run` is told by `/etc/returnsd/returnsd.toml`. Every key is documented in
/// docs/CONFIGURATION.md; `Examples/returnsd.toml` sets each one.
public struct StationConfiguration: Sendable {
    public var stationID: String
    public var stateDirectory: String
    public var classifier: ScanClassifier
    public var policy: WorkflowPolicy
    public var supervisor: SupervisorConfiguration
    public var devices: [DeviceConfiguration]
    public var feedback: FeedbackConfiguration
    public var ledger: LedgerConfiguration?
    public var archive: ArchiveConfiguration

    /// Lanes from the devices' `lane` keys; a device without one is its own lane.
    public var lanes: LaneMap {
        LaneMap(Dictionary(devices.compactMap { d in d.lane.map { (d.id, $0) } }, uniquingKeysWith: { a, _ in a }))
    }
}

/// `[archive]`: when delivered history leaves the live database for the monthly archive files.
public struct ArchiveConfiguration: Sendable, Equatable {
    public var enabled: Bool
    /// History younger than this stays live; older history of finished, delivered returns is archived.
    public var afterDays: Int
    /// Where `journal-YYYY-MM.jsonl.gz` are written; `<state_dir>/archive` unless set.
    public var folder: String
    /// How often the daemon looks for history to archive.
    public var intervalSeconds: Int

    /// Scans taken before this instant may be archived.
    public func cutoffMillis(nowMillis: Int64) -> Int64 { nowMillis - Int64(afterDays) * 86_400_000 }
}

public struct SupervisorConfiguration: Sendable, Equatable {
    /// Where the supervisor socket is made when systemd does not pass one.
    public var socketPath: String
    /// Groups whose members may read (status, sessions, notes, events).
    public var readGroups: [String]
    /// Groups whose members may also approve, reject and cancel.
    public var superviseGroups: [String]
    /// Largest request body accepted; a client sending more is cut off.
    public var maxRequestBytes: Int
    /// Each whole request (head and body) must arrive within this many seconds of the connection opening or
    /// of the previous answer; a byte at a time does not extend it (slow-loris).
    public var idleTimeoutSeconds: Int
    /// Open connections on the socket, all users together; one more gets 503 and is closed at once.
    public var maxConnections: Int
    /// Open connections of one user (by uid), so one reader cannot take every slot.
    public var maxConnectionsPerUser: Int
    /// Open `/v1/events` streams; one more gets 503.
    public var maxEventStreams: Int
}

public enum DeviceKind: String, Sendable, CaseIterable {
    case keyboardWedge = "keyboard-wedge", hidPOS = "hid-pos", serial, rfid
    /// Lines from a FIFO or file (or `-` for standard input): demos, tests, and scanners behind other software.
    case lines
}

public struct DeviceConfiguration: Sendable, Equatable {
    /// Stable name of the device in journals and the supervisor's views.
    public var id: String
    public var kind: DeviceKind
    /// A fixed device node (or FIFO); when absent, the device is found through udev by `match`.
    public var path: String?
    public var match: DeviceMatch
    public var lane: String?
    public var keyboard: KeyboardOptions
    public var serial: SerialOptions
    /// For RFID readers: the report line, e.g. `{epc},{antenna},{rssi}`.
    public var rfidFormat: String
    /// Bytes written back to a serial scanner after a good read / a rejection.
    public var goodReadBytes: [UInt8]?
    public var badReadBytes: [UInt8]?
}

public struct DeviceMatch: Sendable, Equatable {
    public var vendorID: String?
    public var productID: String?
    /// Glob on the device's name (`*Honeywell*`).
    public var name: String?
    /// `KEY=VALUE` udev properties that must all be present (our rules set `RETURNSTATION_DEVICE`).
    public var properties: [String: String]
    public var serialNumber: String?
    public var isEmpty: Bool { vendorID == nil && productID == nil && name == nil && properties.isEmpty && serialNumber == nil }
}

public struct KeyboardOptions: Sendable, Equatable {
    public var layout: String
    public var variant: String
    public var options: String
    public var grab: Bool
    public var terminators: [String]
    public var interKeyTimeoutMillis: Int
    public var maxLength: Int
}

public struct SerialOptions: Sendable, Equatable {
    public var baud: Int
    public var dataBits: Int
    public var parity: String
    public var stopBits: Int
    public var flowControl: String
    public var framing: String
    public var maxLength: Int
}

public struct FeedbackConfiguration: Sendable, Equatable {
    /// Command run per outcome class (good, rejected, exception, sessionClosed), e.g. a buzzer or stack light.
    public var commands: [FeedbackClass: [String]]
    /// A command that has not finished after this long is killed.
    public var commandTimeoutMillis: Int
}

public struct LedgerConfiguration: Sendable, Equatable {
    public var url: String
    public var tokenFile: String
    public var caFile: String?
    public var lookupTimeoutMillis: Int
    public var prefetchIntervalSeconds: Int
    /// How often notes waiting for a retry are looked at; a closed note is sent at once regardless.
    public var retryTickMillis: Int
}
