/// What a supervisor-socket client may do, ordered: each role includes the ones below it.
public enum SupervisorRole: Int, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Refused (HTTP 403).
    case denied
    /// May read status, sessions, notes, events and metrics.
    case reader
    /// May also approve or reject exceptions and cancel sessions.
    case supervisor

    public static func < (lhs: SupervisorRole, rhs: SupervisorRole) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .denied: "denied"
        case .reader: "reader"
        case .supervisor: "supervisor"
        }
    }
}
