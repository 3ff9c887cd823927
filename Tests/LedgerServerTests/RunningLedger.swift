import AsyncHTTPClient
import Foundation
import LedgerProtocol
import LedgerServer
import NIOCore
import NIOHTTP1
import ReturnsCore

/// A started ledger: its store (for setup without an admin token: stations, imports) and an HTTP client view.
struct RunningLedger: Sendable {
    let store: LedgerStore
    let baseURL: String
    let port: Int

    struct Reply: Sendable {
        var status: Int
        var body: Data

        func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
            do { return try JSONDecoder().decode(type, from: body) } catch {
                throw TestFailure("HTTP \(status) body does not decode as \(T.self): \(String(decoding: body, as: UTF8.self))")
            }
        }

        var error: APIErrorBody? { try? JSONDecoder().decode(APIErrorBody.self, from: body) }
    }

    func request(_ method: HTTPMethod, _ path: String, token: String?, json: Data? = nil) async throws -> Reply {
        try await request(method, path, token: token, body: json, contentType: "application/json")
    }

    func request(_ method: HTTPMethod, _ path: String, token: String?, body: Data?, contentType: String) async throws -> Reply {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), body: Data(body.readableBytesView))
    }

    func get(_ path: String, token: String?) async throws -> Reply { try await request(.GET, path, token: token) }

    func post(_ path: String, token: String?, _ value: some Encodable) async throws -> Reply {
        try await request(.POST, path, token: token, json: try JSONEncoder().encode(value))
    }

    func submit(_ note: ReturnNoteSubmission, token: String) async throws -> Reply {
        try await post("/v1/return-notes", token: token, note)
    }

    /// Submits and insists on 201/200; returns the result.
    func accept(_ note: ReturnNoteSubmission, token: String) async throws -> ReturnNoteResult {
        let reply = try await submit(note, token: token)
        guard reply.status == 201 || reply.status == 200 else {
            throw TestFailure("note \(note.noteNumber): HTTP \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
        }
        return try reply.decode()
    }
}
