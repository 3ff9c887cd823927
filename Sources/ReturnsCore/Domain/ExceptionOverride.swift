/// A supervisor's decision to let a refused item through: the rule set aside, who decided, and when.
///
/// It travels with the item into its note line and on to the ledger, which honours it or not under its own
/// documented policy (docs/LEDGER.md, "Overrides") and records it either way.
public struct ExceptionOverride: Hashable, Sendable, Codable {
    /// The outcome the station refused the scan with, e.g. `outsideWindow`.
    public var rule: ScanOutcome
    /// The supervisor's user name, from the socket's peer credentials.
    public var approvedBy: String
    public var approvedAtMillis: Int64
    /// The station's exception id, for the trail back to the scan.
    public var exceptionID: Int64

    public init(rule: ScanOutcome, approvedBy: String, approvedAtMillis: Int64, exceptionID: Int64) {
        self.rule = rule
        self.approvedBy = approvedBy
        self.approvedAtMillis = approvedAtMillis
        self.exceptionID = exceptionID
    }
}
