extension StationState {
    mutating func applyCommand(_ command: Command, context: ScanContext) -> ScanDecision {
        if case .setOperator(let id) = command {
            laneOperatorsSet(context.lane, id)
            var effects: [StateEffect] = [.saveLaneOperator(lane: context.lane, operatorID: id)]
            if var session = sessions[context.lane] {
                session.operatorID = id
                replaceSession(session)
                effects.append(.saveSession(session.header))
            }
            return ScanDecision(outcome: .commandApplied, detail: "operator \(id) on lane \(context.lane)",
                                sessionID: sessions[context.lane]?.id, orderNumber: sessions[context.lane]?.orderNumber, effects: effects)
        }
        guard var session = sessions[context.lane] else {
            return ScanDecision(outcome: .commandRefused, detail: "no open return on this lane: scan an order or RMA first")
        }
        func applied(_ detail: String, _ effects: [StateEffect]) -> ScanDecision {
            ScanDecision(outcome: .commandApplied, detail: detail, sessionID: session.id, orderNumber: session.orderNumber, effects: effects)
        }
        func refused(_ detail: String) -> ScanDecision {
            ScanDecision(outcome: .commandRefused, detail: detail, sessionID: session.id, orderNumber: session.orderNumber)
        }
        switch command {
        case .setOperator:
            preconditionFailure("handled above")
        case .quantity(let n):
            session.pendingQuantity = n
            replaceSession(session)
            return applied("the next item counts \(n)", [.saveSession(session.header)])
        case .condition(let value):
            return inspect(&session, "condition \(value.rawValue)") { $0.condition = value }
        case .reason(let value):
            return inspect(&session, "reason \(value.rawValue)") { $0.reason = value }
        case .disposition(let value):
            return inspect(&session, "disposition \(value.rawValue)") { $0.disposition = value }
        case .undo:
            guard let index = session.items.lastIndex(where: { !$0.undone }) else { return refused("nothing to undo in this return") }
            session.items[index].undone = true
            replaceSession(session)
            let item = session.items[index]
            return applied("undid \(item.quantity) × \(item.gtin) on line \(item.line)", [.saveItem(sessionID: session.id, item)])
        case .cancel:
            removeSession(lane: context.lane)
            return applied("return for \(session.orderNumber) cancelled; nothing was recorded as returned", [.cancelSession(id: session.id)])
        case .close:
            guard !session.countedItems.isEmpty else {
                return refused("no item was accepted in this return: scan items, or CANCEL to abandon it")
            }
            guard let order = orders[session.orderNumber] else { return refused("order \(session.orderNumber) is not loaded") }
            let note = ReturnNoteDraft.build(id: context.scanID, session: session, order: order,
                                             closedAtMillis: context.wallMillis, policy: policy.refund)
            recordReturned(session.countedItems, in: order.number)
            removeSession(lane: context.lane)
            let units = note.lines.reduce(0) { $0 + $1.quantity }
            return applied("return for \(order.number) closed: \(units) units, refund \(note.refundTotal)", [.closeSession(note)])
        }
    }

    /// Sets an inspection field as the default for the next items and on the last counted item.
    private mutating func inspect(_ session: inout LaneSession, _ what: String, _ change: (inout Inspection) -> Void) -> ScanDecision {
        change(&session.defaults)
        var effects: [StateEffect] = [.saveSession(session.header)]
        var detail = "\(what) for the next items"
        if let index = session.items.lastIndex(where: { !$0.undone }) {
            change(&session.items[index].inspection)
            effects.append(.saveItem(sessionID: session.id, session.items[index]))
            detail = "\(what) for line \(session.items[index].line) and the next items"
        }
        replaceSession(session)
        return ScanDecision(outcome: .commandApplied, detail: detail, sessionID: session.id, orderNumber: session.orderNumber, effects: effects)
    }
}
