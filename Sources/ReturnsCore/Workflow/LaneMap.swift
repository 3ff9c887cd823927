/// Which lane a device scans into. A device is its own lane unless configured to share one
/// (a handheld and an RFID tunnel at the same table, for example).
public struct LaneMap: Sendable, Hashable {
    public var assignments: [String: String]

    public init(_ assignments: [String: String] = [:]) { self.assignments = assignments }

    public func lane(of device: String) -> String { assignments[device] ?? device }
}
