import LedgerProtocol
import ReturnsCore

/// Decides, without I/O, which units of a note the ledger accepts, given the order lines read under lock.
///
/// Lines are judged in submission order against running totals, so two lines of one note cannot together return
/// more than is left. For each line, in this order: on the order (and the GTIN matches), returnable, inside the
/// window (by the note's close day), serials sold and not yet returned, units left after every station's returns,
/// then units left on the RMA. A line can be split: the units that pass are accepted, the rest refused.
///
/// A station supervisor's override sets aside "returnable" or "inside the window" when the ledger's
/// ``OverridePolicy`` (ReturnsCore) allows it (docs/LEDGER.md, "Overrides"). Nothing overrides the checks that guard the
/// counts (on the order, serials, units left, the RMA): those would refund goods that were never sold or twice.
struct NoteAdjudicator {
    struct Accepted: Sendable, Hashable {
        var index: Int
        var submitted: ReturnNoteLineDTO
        var orderLine: LockedOrderLine
        var quantity: Int
        var serials: [String]
        var location: String
        var feeBasisPoints: Int
        var money: RefundBreakdown
        /// The station rule whose override let these units through (`outsideWindow`, `notReturnable`).
        var honouredOverride: String?
    }

    struct Decision: Sendable, Hashable {
        var accepted: [Accepted] = []
        var refused: [RefusedLine] = []
    }

    let configuration: LedgerConfiguration
    /// The policy the note was priced by (it names it); the ledger prices the accepted units by the same one.
    let policy: RefundPolicy

    func decide(_ note: ReturnNoteSubmission, closedOn: LocalDate, currency: String, lines: [Int: LockedOrderLine],
                returnedSerials: Set<String>, rma: LockedRMA?, rmaNumberUnknown: Bool) throws(LedgerError) -> Decision {
        var decision = Decision()
        var left = lines.mapValues { $0.quantitySold - $0.quantityReturned }
        var serialsTaken = returnedSerials
        var rmaLeft = rma?.remaining ?? [:]
        let rmaRefusal: String? = rmaNumberUnknown ? "RMA \(note.rmaNumber ?? "") is not known to the ledger"
            : rma?.refusal(orderNumber: note.orderNumber, closedAtMillis: note.closedAtMillis)

        for (index, submitted) in note.lines.enumerated() {
            func refuse(_ quantity: Int, _ serials: [String], _ reason: RefusalReason, _ message: String) {
                guard quantity > 0 else { return }
                decision.refused.append(RefusedLine(index: index, orderLine: submitted.orderLine, quantity: quantity,
                                                    serials: serials, reason: reason, message: message))
            }
            let all = submitted.quantity
            guard let line = lines[submitted.orderLine] else {
                refuse(all, submitted.serials, .notOnOrder, "order \(note.orderNumber) has no line \(submitted.orderLine)")
                continue
            }
            guard (try? GTIN(submitted.gtin).digits) == line.gtin else {
                refuse(all, submitted.serials, .notOnOrder, "GTIN \(submitted.gtin) is not the GTIN of line \(line.line) (\(line.gtin))")
                continue
            }
            // Set when an override let the units past a rule they break.
            var honoured: String?
            let overrides = configuration.overridePolicy
            if !line.returnable {
                if let refusal = overrides.refusal(of: submitted.override, for: .notReturnable) {
                    refuse(all, submitted.serials, .notReturnable, "line \(line.line) is not returnable" + refusal)
                    continue
                }
                honoured = ScanOutcome.notReturnable.rawValue
            }
            if closedOn > line.lastReturnDay {
                let daysLate = closedOn.daysSinceEpoch - line.lastReturnDay.daysSinceEpoch
                if let refusal = overrides.refusal(of: submitted.override, for: .outsideWindow, daysLate: daysLate) {
                    refuse(all, submitted.serials, .outsideWindow,
                           "line \(line.line) could be returned until \(line.lastReturnDay); the note closed on \(closedOn)" + refusal)
                    continue
                }
                honoured = ScanOutcome.outsideWindow.rawValue
            }
            if let rmaRefusal {
                refuse(all, submitted.serials, .notAuthorised, rmaRefusal)
                continue
            }
            // Serial-tracked lines count serials; other lines count units (their serials, if any, are kept as given).
            var candidates: [String] = []
            var quantity = all
            if line.isSerialTracked {
                guard !submitted.serials.isEmpty else {
                    refuse(all, [], .notOnOrder, "line \(line.line) is serial-tracked and the note gives no serials")
                    continue
                }
                let sold = Set(line.serialsSold)
                let foreign = submitted.serials.filter { !sold.contains($0) }
                refuse(foreign.count, foreign, .notOnOrder, "serials \(foreign.joined(separator: ", ")) were not sold on line \(line.line)")
                let again = submitted.serials.filter { sold.contains($0) && serialsTaken.contains($0) }
                refuse(again.count, again, .serialAlreadyReturned, "serials \(again.joined(separator: ", ")) were already returned")
                candidates = submitted.serials.filter { sold.contains($0) && !serialsTaken.contains($0) }
                quantity = candidates.count
            }
            let available = left[line.line, default: 0]
            let afterSold = min(quantity, available)
            let overSold = quantity - afterSold
            refuse(overSold, line.isSerialTracked ? Array(candidates.suffix(overSold)) : [], .alreadyReturned,
                   "line \(line.line) has \(available) of \(line.quantitySold) units left to return")
            var accepted = afterSold
            if let rma {
                let authorised = rmaLeft[line.line, default: 0]
                accepted = min(afterSold, authorised)
                let unauthorised = afterSold - accepted
                let serials = line.isSerialTracked ? Array(candidates.prefix(afterSold).suffix(unauthorised)) : []
                refuse(unauthorised, serials, .notAuthorised,
                       rma.remaining[line.line] == nil ? "RMA \(rma.number) does not authorise line \(line.line)"
                       : "RMA \(rma.number) has \(authorised) units of line \(line.line) left")
            }
            guard accepted > 0 else { continue }
            let serials = line.isSerialTracked ? Array(candidates.prefix(accepted)) : submitted.serials
            left[line.line, default: 0] -= accepted
            serialsTaken.formUnion(line.isSerialTracked ? serials : [])
            if rma != nil { rmaLeft[line.line, default: 0] -= accepted }
            let inspection = submitted.inspection
            let money: RefundBreakdown
            do {
                money = try policy.refund(unitPrice: Money(minorUnits: line.unitPriceMinor, currency: currency), quantity: accepted,
                                          taxRateBasisPoints: line.taxRateBasisPoints, inspection: inspection)
            } catch {
                throw LedgerError(.amountBeyondLimits, "order \(note.orderNumber) line \(line.line): \(error)")
            }
            decision.accepted.append(Accepted(
                index: index, submitted: submitted, orderLine: line, quantity: accepted, serials: serials,
                location: configuration.location(for: submitted.disposition),
                feeBasisPoints: policy.feeBasisPoints(condition: inspection.condition, reason: inspection.reason),
                money: money, honouredOverride: honoured))
        }
        try Self.checkTotalsFit(decision.accepted, orderNumber: note.orderNumber)
        return decision
    }

    /// The credit note sums its lines (LedgerStore+Effects): make sure every sum fits before anything is written.
    static func checkTotalsFit(_ accepted: [Accepted], orderNumber: String) throws(LedgerError) {
        for amount in [\RefundBreakdown.gross, \.fee, \.tax, \.refund] {
            var total: Int64 = 0
            for part in accepted {
                let (sum, overflow) = total.addingReportingOverflow(part.money[keyPath: amount].minorUnits)
                guard !overflow else { throw LedgerError(.amountBeyondLimits, "the credit note of order \(orderNumber): \(MoneyOverflow("a total"))") }
                total = sum
            }
        }
    }
}
