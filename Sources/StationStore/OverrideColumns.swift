import GRDB
import ReturnsCore

/// The four `override_*` columns that `session_items` and `return_lines` share.
enum OverrideColumns {
    static func values(_ override: ExceptionOverride?) -> [(any DatabaseValueConvertible)?] {
        [override?.rule.rawValue, override?.approvedBy, override?.approvedAtMillis, override?.exceptionID]
    }

    static func read(_ row: Row) throws -> ExceptionOverride? {
        guard let ruleText: String = row["override_rule"] else { return nil }
        guard let rule = ScanOutcome(rawValue: ruleText), let by: String = row["override_by"], let at: Int64 = row["override_at"],
              let exception: Int64 = row["override_exception"] else {
            throw StoreError(.corrupt, "an approved item's override columns are incomplete (rule '\(ruleText)')")
        }
        return ExceptionOverride(rule: rule, approvedBy: by, approvedAtMillis: at, exceptionID: exception)
    }
}
