import Foundation
import Hummingbird
import LedgerProtocol

/// Every failure the ledger reports on purpose: a code that maps to an HTTP status, and a message a person can act on.
///
/// Anything else that escapes a handler (a lost database connection, a bug) becomes a 500 with code `internal`
/// and no details; the details go to the log.
public struct LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An extensible set of codes; the raw value is the `code` of the JSON error body.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let unauthorized = Code(rawValue: "unauthorized")
        public static let forbidden = Code(rawValue: "forbidden")
        public static let notFound = Code(rawValue: "notFound")
        /// A note names an order the ledger does not know (yet): retry after the order is imported.
        public static let orderNotFound = Code(rawValue: "orderNotFound")
        public static let conflict = Code(rawValue: "conflict")
        public static let noteNumberTaken = Code(rawValue: "noteNumberTaken")
        public static let invalidRequest = Code(rawValue: "invalidRequest")
        /// A request body over the route's limit (docs/SECURITY.md, Limits): 413.
        public static let bodyTooLarge = Code(rawValue: "bodyTooLarge")
        /// A note priced by a refund policy this ledger never served.
        public static let unknownRefundPolicy = Code(rawValue: "unknownRefundPolicy")
        /// An order's amounts are beyond `OrderLimits` (only orders stored before the limits can be): nothing is stored.
        public static let amountBeyondLimits = Code(rawValue: "amountBeyondLimits")
        /// A command-line or configuration problem (never sent over HTTP).
        public static let configuration = Code(rawValue: "configuration")
        public static let `internal` = Code(rawValue: "internal")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    public var status: HTTPResponse.Status {
        switch code {
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound, .orderNotFound: .notFound
        case .conflict, .noteNumberTaken: .conflict
        case .invalidRequest, .unknownRefundPolicy, .amountBeyondLimits: .unprocessableContent
        case .bodyTooLarge: .contentTooLarge
        default: .internalServerError
        }
    }
}

extension LedgerError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if code == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"returns-ledger\"" }
        let body = APIErrorBody(code: code.rawValue, message: status == .internalServerError ? "internal error" : message)
        let data = (try? JSONCoding.encoder.encode(body)) ?? Data("{\"code\":\"internal\",\"message\":\"internal error\"}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
