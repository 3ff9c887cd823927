import Foundation

/// One request on the supervisor socket, already read in full (bodies are small and bounded).
public struct SupervisorRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]
    public var body: [UInt8]

    public init(method: String, uri: String, body: [UInt8] = []) {
        self.method = method
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(parts[0])
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(kv[0]).removingPercentEncoding ?? String(kv[0])
                query[key] = kv.count == 2 ? (String(kv[1]).removingPercentEncoding ?? String(kv[1])) : ""
            }
        }
        self.query = query
        self.body = body
    }
}

extension SupervisorRequest {
    /// An integer query parameter within `range`; `fallback` when absent; 400 naming the range otherwise.
    func integer(_ name: String, in range: ClosedRange<Int64>, default fallback: Int64) throws(SupervisorError) -> Int64 {
        guard let text = query[name] else { return fallback }
        guard let value = Int64(text), range.contains(value) else {
            throw SupervisorError(.badRequest, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text.prefix(40))'")
        }
        return value
    }
}

/// What the API answers: a body, or a live stream of events.
public enum SupervisorResponse: Sendable {
    case body(status: Int, contentType: String, bytes: [UInt8])
    case events(AsyncStream<StreamedEvent>)

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func json(_ value: some Encodable, status: Int = 200) -> SupervisorResponse {
        do {
            return .body(status: status, contentType: "application/json", bytes: Array(try encoder.encode(value)) + [0x0A])
        } catch {
            return failure(SupervisorError(.internal, "could not encode the answer"))
        }
    }

    static func failure(_ error: SupervisorError) -> SupervisorResponse {
        let body = ["error": ["code": error.code.rawValue, "message": error.message]]
        return .body(status: error.code.status, contentType: "application/json",
                     bytes: Array((try? encoder.encode(body)) ?? Data()) + [0x0A])
    }

    public var status: Int {
        switch self {
        case .body(let status, _, _): status
        case .events: 200
        }
    }
}

/// An answer other than 200, with what the person at the terminal needs to know.
public struct SupervisorError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable {
        public let rawValue: String
        public let status: Int
        public static let badRequest = Code(rawValue: "badRequest", status: 400)
        public static let forbidden = Code(rawValue: "forbidden", status: 403)
        public static let notFound = Code(rawValue: "notFound", status: 404)
        public static let methodNotAllowed = Code(rawValue: "methodNotAllowed", status: 405)
        public static let conflict = Code(rawValue: "conflict", status: 409)
        public static let tooLarge = Code(rawValue: "tooLarge", status: 413)
        public static let unavailable = Code(rawValue: "unavailable", status: 503)
        public static let `internal` = Code(rawValue: "internal", status: 500)
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.status) \(code.rawValue): \(message)" }
}
