extension StationState {
    mutating func applyCommand(_ command: Command, context: ScanContext) -> ScanDecision {
        let lane = context.lane
        if case .setOperator(let id) = command {
            laneOperatorsSet(lane, id)
            var effects: [StateEffect] = [.saveLaneOperator(lane: lane, operatorID: id)]
            if sessions[lane] != nil {
                sessions[lane]!.operatorID = id
                effects.append(.saveSession(sessions[lane]!.header))
            }
            return ScanDecision(outcome: .commandApplied, detail: "operator \(id) on lane \(lane)",
                                sessionID: sessions[lane]?.id, orderNumber: sessions[lane]?.orderNumber, effects: effects)
        }
        // Sessions are changed in place (`sessions[lane]!`) and no copy of one is held while it changes:
        // a second reference to a session's items would make every change copy them all.
        guard let sessionID = sessions[lane]?.id, let orderNumber = sessions[lane]?.orderNumber else {
            return ScanDecision(outcome: .commandRefused, detail: "no open return on this lane: scan an order or RMA first")
        }
        func applied(_ detail: String, _ effects: [StateEffect]) -> ScanDecision {
            ScanDecision(outcome: .commandApplied, detail: detail, sessionID: sessionID, orderNumber: orderNumber, effects: effects)
        }
        func refused(_ detail: String) -> ScanDecision {
            ScanDecision(outcome: .commandRefused, detail: detail, sessionID: sessionID, orderNumber: orderNumber)
        }
        switch command {
        case .setOperator:
            preconditionFailure("handled above")
        case .quantity(let n):
            sessions[lane]!.pendingQuantity = n
            return applied("the next item counts \(n)", [.saveSession(sessions[lane]!.header)])
        case .condition(let value):
            return inspect(lane, "condition \(value.rawValue)") { $0.condition = value }
        case .reason(let value):
            return inspect(lane, "reason \(value.rawValue)") { $0.reason = value }
        case .disposition(let value):
            return inspect(lane, "disposition \(value.rawValue)") { $0.disposition = value }
        case .undo:
            guard let index = sessions[lane]!.items.lastIndex(where: { !$0.undone }) else { return refused("nothing to undo in this return") }
            sessions[lane]!.items[index].undone = true
            let item = sessions[lane]!.items[index]
            releaseInFlight(item, orderNumber: orderNumber)
            return applied("undid \(item.quantity) × \(item.gtin) on line \(item.line)", [.saveItem(sessionID: sessionID, item)])
        case .cancel:
            removeSession(lane: lane)
            return applied("return for \(orderNumber) cancelled; nothing was recorded as returned", [.cancelSession(id: sessionID)])
        case .close:
            let session = sessions[lane]!
            guard session.items.contains(where: { !$0.undone }) else {
                return refused("no item was accepted in this return: scan items, or CANCEL to abandon it")
            }
            guard let order = orders[session.orderNumber] else { return refused("order \(session.orderNumber) is not loaded") }
            let note: ReturnNoteDraft
            do {
                note = try ReturnNoteDraft.build(id: context.scanID, session: session, order: order,
                                                 closedAtMillis: context.wallMillis, policy: policy.refund)
            } catch {
                // The session stays open (and survives restarts) so nothing scanned is lost; the order needs fixing.
                return refused("the refund of order \(order.number) cannot be computed: \(error); correct the order's prices and re-import it, or CANCEL")
            }
            recordReturned(session.countedItems, in: order.number)
            removeSession(lane: lane)
            let units = note.lines.reduce(0) { $0 + $1.quantity }
            return applied("return for \(order.number) closed: \(units) units, refund \(note.refundTotal)", [.closeSession(note)])
        }
    }

    /// Sets an inspection field as the default for the next items and on the last counted item.
    private mutating func inspect(_ lane: String, _ what: String, _ change: (inout Inspection) -> Void) -> ScanDecision {
        change(&sessions[lane]!.defaults)
        let id = sessions[lane]!.id
        var effects: [StateEffect] = [.saveSession(sessions[lane]!.header)]
        var detail = "\(what) for the next items"
        if let index = sessions[lane]!.items.lastIndex(where: { !$0.undone }) {
            change(&sessions[lane]!.items[index].inspection)
            let item = sessions[lane]!.items[index]
            effects.append(.saveItem(sessionID: id, item))
            detail = "\(what) for line \(item.line) and the next items"
        }
        return ScanDecision(outcome: .commandApplied, detail: detail, sessionID: id, orderNumber: sessions[lane]!.orderNumber, effects: effects)
    }
}
