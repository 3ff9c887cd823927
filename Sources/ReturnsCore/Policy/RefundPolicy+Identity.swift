/// A refund policy's name on the wire: station and ledger agree on money by naming the policy a note was priced by.
extension RefundPolicy {
    /// The policy in one canonical line: every condition with its fee in basis points (0 when absent), then
    /// the waived reasons, each list sorted, e.g. `fees DAMAGED=5000 ... OPENED=1000; waived DAMAGED_IN_TRANSIT ...`.
    /// Two policies that price every line alike have the same text.
    public var canonicalText: String {
        let fees = ItemCondition.allCases.sorted { $0.rawValue < $1.rawValue }.map { condition in
            "\(condition.rawValue)=\(feeBasisPoints[condition] ?? 0)"
        }
        let waived = feeWaivedReasons.map(\.rawValue).sorted()
        return "fees " + fees.joined(separator: " ") + "; waived" + waived.map { " " + $0 }.joined()
    }

    /// `rp-` and 16 hex digits: the 64-bit FNV-1a hash of ``canonicalText``.
    ///
    /// Written by hand rather than taking a crypto library into the pure core: the id only tells a handful of
    /// policies apart, nobody gains by forging one (the ledger prices by the text it stored under the id, never
    /// by amounts a station sends), and FNV-1a is ten lines that give the same value on every platform.
    public var id: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonicalText.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "rp-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Whether `text` has the form of an ``id`` (`rp-` and 16 lower-case hex digits).
    public static func isID(_ text: String) -> Bool {
        text.count == 19 && text.hasPrefix("rp-") && text.dropFirst(3).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// Reads ``canonicalText`` back and checks it against the `id` it was stored or served under; nil when the
    /// text is not a policy or gives another id.
    public init?(canonicalText text: String, id: String) {
        guard let policy = RefundPolicy(canonicalText: text), policy.id == id else { return nil }
        self = policy
    }

    /// Reads ``canonicalText`` back; nil when the text is not one.
    public init?(canonicalText text: String) {
        let halves = text.split(separator: ";", omittingEmptySubsequences: false)
        guard halves.count == 2 else { return nil }
        let feeWords = halves[0].split(separator: " ")
        let waivedWords = halves[1].split(separator: " ")
        guard feeWords.first == "fees", waivedWords.first == "waived" else { return nil }
        var fees: [ItemCondition: Int] = [:]
        for word in feeWords.dropFirst() {
            let pair = word.split(separator: "=")
            guard pair.count == 2, let condition = ItemCondition(rawValue: String(pair[0])),
                  let basisPoints = Int(pair[1]), (0...10_000).contains(basisPoints) else { return nil }
            fees[condition] = basisPoints
        }
        var waived = Set<ReturnReason>()
        for word in waivedWords.dropFirst() {
            guard let reason = ReturnReason(rawValue: String(word)) else { return nil }
            waived.insert(reason)
        }
        self.init(feeBasisPoints: fees, feeWaivedReasons: waived)
    }
}
