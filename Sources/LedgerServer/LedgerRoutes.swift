import Foundation
import Hummingbird
import LedgerProtocol
import ReturnsCore

/// The `/v1` API (described in `docs/openapi.yaml`). Every route but health sits behind the bearer middleware.
public struct LedgerRoutes: Sendable {
    let store: LedgerStore
    /// Request bodies larger than this are refused (413) before decoding.
    static let maxBody = 4 << 20

    public init(store: LedgerStore) { self.store = store }

    /// The paths, for checking them against the OpenAPI document.
    public static let documented: [(method: String, path: String)] = [
        ("GET", "/v1/health"), ("GET", "/v1/orders"), ("GET", "/v1/orders/{number}"), ("POST", "/v1/return-notes"),
        ("GET", "/v1/return-notes/{id}"), ("POST", "/v1/rmas"), ("GET", "/v1/rmas/{number}"),
        ("POST", "/v1/rmas/{number}/cancel"), ("GET", "/v1/credit-notes/{number}"), ("GET", "/v1/analytics/returns"),
        ("GET", "/v1/refund-policy"),
    ]

    public func router() -> Router<LedgerRequestContext> {
        let router = Router(context: LedgerRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.get("/v1/health") { _, _ in
            try JSONCoding.response(HealthDTO(status: "ok", schemaVersion: try await store.schemaVersion()))
        }
        let api = router.group("v1").add(middleware: BearerAuthMiddleware(store: store))
        api.get("orders/:number") { _, context in
            let caller = try context.require("GET /v1/orders/{number}")
            let number = try LedgerText.identifier(context, "number", what: "order")
            guard let order = try await store.order(number, forStation: LedgerRequestContext.station(of: caller)) else {
                throw LedgerError(.notFound, "no order \(number)")
            }
            return try JSONCoding.response(order)
        }
        api.get("orders") { request, context in
            let station = try context.require("GET /v1/orders").name
            let after = try Self.integer(request, "after", default: 0, range: 0...Int64.max)
            let limit = try Self.integer(request, "limit", default: 100, range: 1...1000)
            return try JSONCoding.response(try await store.orderFeed(after: after, limit: Int(limit), forStation: station))
        }
        api.get("refund-policy") { _, context in
            _ = try context.require("GET /v1/refund-policy")
            return try JSONCoding.response(store.servedRefundPolicy)
        }
        api.post("return-notes") { request, context in try await submitNote(request, context) }
        api.get("return-notes/:id") { _, context in
            let caller = try context.require("GET /v1/return-notes/{id}")
            let text = try context.parameters.require("id")
            guard let id = UUID(uuidString: text), let result = try await store.noteResult(id) else {
                throw LedgerError(.notFound, "no return note \(text)")
            }
            // A station reads its own notes only; people read every station's.
            if caller.role == .station && result.station != caller.name {
                throw LedgerError(.forbidden, "note \(text) belongs to station \(result.station)")
            }
            return try JSONCoding.response(result)
        }
        api.post("rmas") { request, context in
            let caller = try context.require("POST /v1/rmas")
            let body = try await request.body.collect(upTo: Self.maxBody)
            let create = try JSONCoding.decode(RMACreateRequest.self, from: Data(body.readableBytesView))
            return try JSONCoding.response(try await store.createRMA(create, createdBy: caller.name), status: .created)
        }
        api.get("rmas/:number") { _, context in
            let caller = try context.require("GET /v1/rmas/{number}")
            let number = try LedgerText.identifier(context, "number", what: "RMA")
            guard let rma = try await store.rma(number, forStation: LedgerRequestContext.station(of: caller)) else {
                throw LedgerError(.notFound, "no RMA \(number)")
            }
            return try JSONCoding.response(rma)
        }
        api.post("rmas/:number/cancel") { _, context in
            _ = try context.require("POST /v1/rmas/{number}/cancel")
            return try JSONCoding.response(try await store.cancelRMA(try LedgerText.identifier(context, "number", what: "RMA")))
        }
        api.get("credit-notes/:number") { _, context in
            _ = try context.require("GET /v1/credit-notes/{number}")
            let number = try LedgerText.identifier(context, "number", what: "credit note")
            guard let credit = try await store.creditNote(number) else { throw LedgerError(.notFound, "no credit note \(number)") }
            return try JSONCoding.response(credit)
        }
        api.get("analytics/returns") { request, context in
            _ = try context.require("GET /v1/analytics/returns")
            let from = try Self.day(request, "from"), to = try Self.day(request, "to")
            guard from <= to else { throw LedgerError(.invalidRequest, "from \(from) is after to \(to)") }
            return try JSONCoding.response(try await store.returnsAnalytics(from: from, to: to))
        }
        return router
    }

    /// 201 for a note judged now, 200 for the stored result of the same note sent again.
    func submitNote(_ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        let station = try context.require("POST /v1/return-notes").name
        let body = try await request.body.collect(upTo: Self.maxBody)
        let note = try JSONCoding.decode(ReturnNoteSubmission.self, from: Data(body.readableBytesView))
        guard note.station == station else {
            throw LedgerError(.forbidden, "the token belongs to station \(station), the note says \(note.station)")
        }
        // The hash of the decoded note in canonical form (sorted keys): whitespace or key order do not make a
        // resubmission "different".
        let hash = StationToken.sha256Hex(try JSONCoding.encode(note))
        switch try await store.submit(note, bodyHash: hash) {
        case .created(let result): return try JSONCoding.response(result, status: .created)
        case .replayed(let result): return try JSONCoding.response(result, status: .ok)
        }
    }

    static func integer(_ request: Request, _ name: String, default value: Int64, range: ClosedRange<Int64>) throws(LedgerError) -> Int64 {
        guard let text = request.uri.queryParameters[name[...]] else { return value }
        guard let number = Int64(String(text)), range.contains(number) else {
            throw LedgerError(.invalidRequest, "\(name)=\(text) is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    static func day(_ request: Request, _ name: String) throws(LedgerError) -> LocalDate {
        guard let text = request.uri.queryParameters[name[...]], let day = LocalDate(iso: String(text)) else {
            throw LedgerError(.invalidRequest, "\(name) must be a day YYYY-MM-DD")
        }
        return day
    }
}
