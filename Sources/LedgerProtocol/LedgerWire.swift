import Foundation

/// How the ledger writes the wire types: sorted keys, so a stored body and its SHA-256 (the idempotency check) are
/// the same for the same note. In LedgerProtocol so the fuzz target checks the ledger's own encoding.
public enum LedgerWire {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
