import Foundation
import LedgerProtocol
import ReturnsCore

/// Text the ledger looks up. What it stores is checked by `OrderLimits.textProblem` (a bounded length and no
/// control characters: PostgreSQL refuses NUL in text, which would otherwise surface as a 500); the Schemathesis
/// test in the suite is the net for a field that a later change forgets.
enum LedgerText {
    /// A path parameter that names something (an order, an RMA, a credit note): one with control characters or
    /// over 128 characters names nothing, so it is a 404 rather than a query PostgreSQL would refuse.
    /// The parameter arrives as the client encoded it (`finance%40example.com`); a broken escape names nothing.
    static func identifier(_ context: LedgerRequestContext, _ name: String, what: String) throws -> String {
        let raw = try context.parameters.require(name)
        guard let value = raw.removingPercentEncoding else { throw LedgerError(.notFound, "no \(what) \(raw.prefix(40).debugDescription)") }
        guard OrderLimits.textProblem(value, maximum: OrderLimits.maximumTextLength) == nil else { throw LedgerError(.notFound, "no \(what) \(value.prefix(40).debugDescription)") }
        return value
    }
}

extension ReturnNoteSubmission {
    /// Whether this note is the stored one sent again by its station after an upgrade that added `operatorID`,
    /// `refundPolicy` and line overrides: the stored body has none of them, and without them this one is the
    /// same. (A note the ledger accepted while its answer was lost is sent again after the station's upgrade;
    /// it must get its stored result, not a conflict that parks it for good.)
    func isResentAfterUpgrade(of storedBody: String) throws -> Bool {
        let stored = try JSONDecoder().decode(ReturnNoteSubmission.self, from: Data(storedBody.utf8))
        var older = self
        older.operatorID = nil
        older.refundPolicy = nil
        for index in older.lines.indices { older.lines[index].override = nil }
        // A stored body with any of the fields is from after the upgrade: then `older` differs from it anyway.
        return older == stored
    }
}
