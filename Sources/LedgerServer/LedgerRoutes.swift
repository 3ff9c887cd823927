import Foundation
import Hummingbird
import NIOCore
import LedgerProtocol
import ReturnsCore

/// The `/v1` API (described in `docs/openapi.yaml`). Every route but health sits behind the bearer middleware.
public struct LedgerRoutes: Sendable {
    let store: LedgerStore
    /// Request bodies larger than this are refused (413) before decoding.
    public static let maxBodyBytes = 4 << 20

    public init(store: LedgerStore) { self.store = store }

    /// The paths, for checking them against the OpenAPI document: health and every route of the access table.
    public static var documented: [(method: String, path: String)] {
        [("GET", "/v1/health")] + LedgerAccess.routes.keys.sorted().map { route in
            let parts = route.split(separator: " ", maxSplits: 1)
            return (String(parts[0]), String(parts[1]))
        }
    }

    public func router() -> Router<LedgerRequestContext> {
        let router = Router(context: LedgerRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.get("/v1/health") { _, _ in
            try JSONCoding.response(HealthDTO(status: "ok", schemaVersion: try await store.schemaVersion()))
        }
        let api = router.group("v1").add(middleware: BearerAuthMiddleware(store: store))
        api.get("orders/:number") { _, context in
            let caller = try context.authenticated()
            let number = try LedgerText.identifier(context, "number", what: "order")
            guard let order = try await store.order(number, forStation: caller.station) else {
                throw LedgerError(.notFound, "no order \(number)")
            }
            return try JSONCoding.response(order)
        }
        api.get("orders") { request, context in
            let station = try context.authenticated().name
            let after = try Self.integer(request, "after", default: 0, range: 0...Int64.max)
            let limit = try Self.integer(request, "limit", default: 100, range: 1...1000)
            return try JSONCoding.response(try await store.orderFeed(after: after, limit: Int(limit), forStation: station))
        }
        api.get("refund-policy") { _, _ in try JSONCoding.response(store.servedRefundPolicy) }
        api.post("return-notes") { request, context in try await submitNote(request, context) }
        api.get("return-notes/:id") { _, context in
            let caller = try context.authenticated()
            let text = try context.parameters.require("id")
            guard let id = UUID(uuidString: text), let result = try await store.noteResult(id) else {
                throw LedgerError(.notFound, "no return note \(text)")
            }
            // A station reads its own notes only; people read every station's.
            if let station = caller.station, result.station != station {
                throw LedgerError(.forbidden, "note \(text) belongs to station \(result.station)")
            }
            return try JSONCoding.response(result)
        }
        api.post("rmas") { request, context in
            let caller = try context.authenticated()
            let create = try await Self.decodeBody(RMACreateRequest.self, request)
            return try JSONCoding.response(try await store.createRMA(create, createdBy: caller.name), status: .created)
        }
        api.get("rmas/:number") { _, context in
            let caller = try context.authenticated()
            let number = try LedgerText.identifier(context, "number", what: "RMA")
            guard let rma = try await store.rma(number, forStation: caller.station) else {
                throw LedgerError(.notFound, "no RMA \(number)")
            }
            return try JSONCoding.response(rma)
        }
        api.post("rmas/:number/cancel") { _, context in
            try JSONCoding.response(try await store.cancelRMA(try LedgerText.identifier(context, "number", what: "RMA")))
        }
        api.get("credit-notes/:number") { _, context in
            let number = try LedgerText.identifier(context, "number", what: "credit note")
            guard let credit = try await store.creditNote(number) else { throw LedgerError(.notFound, "no credit note \(number)") }
            return try JSONCoding.response(credit)
        }
        api.get("analytics/returns") { request, _ in
            let from = try Self.day(request, "from"), to = try Self.day(request, "to")
            guard from <= to else { throw LedgerError(.invalidRequest, "from \(from) is after to \(to)") }
            return try JSONCoding.response(try await store.returnsAnalytics(from: from, to: to))
        }
        addAdministrationRoutes(to: api)
        return router
    }

    /// 201 for a note judged now, 200 for the stored result of the same note sent again.
    func submitNote(_ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        let station = try context.authenticated().name
        let note = try await Self.decodeBody(ReturnNoteSubmission.self, request)
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

    /// The whole body, or 413 `bodyTooLarge` naming the limit once it grows past it (NIO's own error would be a 500).
    static func collectBody(_ request: Request, upTo limit: Int) async throws -> ByteBuffer {
        do { return try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError {
            throw LedgerError(.bodyTooLarge, "the body is over \(limit) bytes, this route's limit (docs/SECURITY.md, Limits)")
        }
    }

    /// The body decoded as `T` (422 naming the field), at most `maxBodyBytes`.
    static func decodeBody<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let body = try await collectBody(request, upTo: maxBodyBytes)
        return try JSONCoding.decode(type, from: Data(body.readableBytesView))
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
