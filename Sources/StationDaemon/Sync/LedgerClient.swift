import AsyncHTTPClient
import Foundation
import LedgerProtocol
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// The station's side of the ledger API (docs/openapi.yaml), over AsyncHTTPClient.
public struct LedgerClient: Sendable {
    /// The ledger's base URL without `/v1`, e.g. `https://ledger.example:8443`.
    public let baseURL: String
    /// Shared by copies of the client: a token replaced after a rotation is used by every later call.
    private let token: TokenBox
    let http: HTTPClient

    /// The bearer token, replaceable while the client runs.
    final class TokenBox: Sendable {
        let value: Mutex<String>
        init(_ token: String) { value = Mutex(token) }
    }

    /// `caFile`: PEM roots to trust for `https` instead of the system's (a site's own CA).
    public init(baseURL: String, token: String, caFile: String?) throws {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = TokenBox(token)
        var configuration = HTTPClient.Configuration()
        if let caFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(caFile)
            configuration.tlsConfiguration = tls
        }
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        // The sync engine has its own backoff with jitter; a client that quietly retries connecting until the
        // request's deadline would hide an outage from `returnsctl sync` and hold the operator's order lookup.
        configuration.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async { try? await http.shutdown() }

    /// Uses `newToken` from the next call on; returns whether it differs from the one in use.
    @discardableResult
    public func replaceToken(_ newToken: String) -> Bool {
        token.value.withLock { current in
            defer { current = newToken }
            return current != newToken
        }
    }

    public func order(_ number: String, timeout: Duration) async throws(LedgerCallError) -> OrderDTO? {
        try await get("/v1/orders/\(escape(number))", timeout: timeout, notFoundIsNil: true)
    }

    public func rma(_ number: String, timeout: Duration) async throws(LedgerCallError) -> RMADTO? {
        try await get("/v1/rmas/\(escape(number))", timeout: timeout, notFoundIsNil: true)
    }

    public func orderFeed(after cursor: Int64, limit: Int) async throws(LedgerCallError) -> OrderFeedPage {
        guard let page: OrderFeedPage = try await get("/v1/orders?after=\(cursor)&limit=\(limit)", timeout: .seconds(30), notFoundIsNil: false) else {
            throw .transient("the ledger answered the order feed with nothing")
        }
        return page
    }

    /// The refund policy the station is to price its notes by.
    public func refundPolicy() async throws(LedgerCallError) -> RefundPolicyDTO {
        guard let policy: RefundPolicyDTO = try await get("/v1/refund-policy", timeout: .seconds(30), notFoundIsNil: false) else {
            throw .transient("the ledger answered the refund policy with nothing")
        }
        return policy
    }

    /// Submits a note; the same note again gets the stored result (the UUID is the idempotency key).
    public func submit(_ note: ReturnNoteSubmission) async throws(LedgerCallError) -> ReturnNoteResult {
        let body: Data
        do { body = try JSONEncoder().encode(note) } catch { throw .permanent(status: 0, code: "encoding", message: "\(error)") }
        guard let result: ReturnNoteResult = try await call(.POST, "/v1/return-notes", body: body, timeout: .seconds(30), notFoundIsNil: false) else {
            throw .transient("the ledger answered with nothing")
        }
        return result
    }

    private func get<T: Decodable>(_ path: String, timeout: Duration, notFoundIsNil: Bool) async throws(LedgerCallError) -> T? {
        try await call(.GET, path, body: nil, timeout: timeout, notFoundIsNil: notFoundIsNil)
    }

    private func call<T: Decodable>(_ method: HTTPMethod, _ path: String, body: Data?, timeout: Duration,
                                    notFoundIsNil: Bool) async throws(LedgerCallError) -> T? {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token.value.withLock { $0 })")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let status: Int
        let bytes: ByteBuffer
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
                                                                            + timeout.components.attoseconds / 1_000_000_000))
            status = Int(response.status.code)
            bytes = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw .transient("\(baseURL) unreachable: \(error)")
        }
        let data = Data(bytes.readableBytesView)
        switch status {
        case 200, 201:
            // The ledger may well have taken the note: an answer that does not decode is retried (the note's UUID
            // makes the repeat harmless) and shown, never parked as if the ledger had refused it.
            do { return try JSONDecoder().decode(T.self, from: data) } catch {
                throw .transient("HTTP \(status) but the ledger's answer does not decode: \(error)")
            }
        case 404 where notFoundIsNil:
            return nil
        default:
            let body = try? JSONDecoder().decode(APIErrorBody.self, from: data)
            let code = body?.code ?? "http\(status)"
            let message = body?.message ?? String(decoding: data.prefix(200), as: UTF8.self)
            // 5xx, 429 and an order the ledger does not know yet can go through later; the rest needs a person.
            if status >= 500 || status == 429 || status == 408 { throw .transient("HTTP \(status) \(code): \(message)") }
            if status == 404 { throw .notYet("HTTP 404 \(code): \(message)") }
            // The station's token, not the note: every note would fail alike, so none is parked for it.
            if status == 401 || status == 403 { throw .unauthorised("HTTP \(status) \(code): \(message)") }
            throw .permanent(status: status, code: code, message: message)
        }
    }

    private func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?"))) ?? segment
    }
}

/// Why a ledger call did not succeed, sorted by what the sync engine does next.
public enum LedgerCallError: Error, Sendable, CustomStringConvertible {
    /// Network down, timeout, 5xx: try again later, in order.
    case transient(String)
    /// The ledger does not know something yet (the order of a note): retry this one later, go on with others.
    case notYet(String)
    /// 401/403: the ledger does not take this station's token (rotated, revoked, wrong file). Nothing is
    /// wrong with the note; delivery pauses with backoff and goes on once the token file holds a good one.
    case unauthorised(String)
    /// 400/409/413/422: the ledger refuses this note; it is parked until a supervisor retries it
    /// (`returnsctl sync retry`), the configuration is reloaded, or the daemon restarts.
    case permanent(status: Int, code: String, message: String)

    public var description: String {
        switch self {
        case .transient(let m), .notYet(let m), .unauthorised(let m): m
        case .permanent(let status, let code, let message): "HTTP \(status) \(code): \(message)"
        }
    }
}
