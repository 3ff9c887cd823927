import Foundation
import Hummingbird
import LedgerProtocol

/// One encoder and decoder for the wire: sorted keys make stored bodies and their hashes stable.
enum JSONCoding {
    static let encoder = LedgerWire.encoder

    static func encode(_ value: some Encodable) throws -> Data { try encoder.encode(value) }

    /// Decodes a request body; anything that does not decode is a 422 naming the field.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(LedgerError) -> T {
        do { return try JSONDecoder().decode(type, from: data) } catch let error as DecodingError {
            throw LedgerError(.invalidRequest, "body does not decode as \(T.self): \(describe(error))")
        } catch {
            throw LedgerError(.invalidRequest, "body is not JSON: \(error)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "(root)" : text
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)).\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// A JSON response with the given status.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encode(value))))
    }
}
