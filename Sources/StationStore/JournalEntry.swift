import ReturnsCore

/// One decided scan on its way to the journal: what was read, and what the station made of it.
public struct JournalEntry: Sendable {
    public var context: ScanContext
    public var raw: [UInt8]
    public var text: String
    public var symbology: String?
    public var meaning: ScanMeaning
    public var decision: ScanDecision
    public var operatorID: String?

    public init(context: ScanContext, raw: [UInt8], text: String, symbology: String?, meaning: ScanMeaning,
                decision: ScanDecision, operatorID: String?) {
        self.context = context
        self.raw = raw
        self.text = text
        self.symbology = symbology
        self.meaning = meaning
        self.decision = decision
        self.operatorID = operatorID
    }
}

/// What the journal gave back for one committed scan.
public struct CommittedScan: Hashable, Sendable {
    /// The journal's sequence number; nil for a repeated RFID read, which is only tallied.
    public var seq: Int64?
    public var scanID: String
    /// The return note number, when this scan closed a session.
    public var noteNumber: String?
    /// The note's place in the station's gapless sequence.
    public var noteSequence: Int?
}
