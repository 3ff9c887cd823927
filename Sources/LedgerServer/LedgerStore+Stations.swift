import Foundation
import PostgresNIO

extension LedgerStore {
    /// Registers a station and returns its new token (the only time it exists in clear).
    ///
    /// A revoked station is re-enabled with a fresh token; an active one keeps its token unless `rotate` is set.
    public func addStation(_ name: String, rotate: Bool = false) async throws -> String {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw LedgerError(.invalidRequest, "station name '\(name)' must be 1–64 letters, digits, '-', '_' or '.'")
        }
        let token = StationToken.generate()
        let hash = StationToken.hash(token)
        let updated = try await transaction { connection in
            let rows = try await connection.query(
                "SELECT revoked_at IS NOT NULL FROM stations WHERE name = \(name) FOR UPDATE", logger: logger)
            var revoked: Bool?
            for try await value in rows.decode(Bool.self) { revoked = value }
            switch revoked {
            case nil:
                try await connection.query("INSERT INTO stations (name, token_sha256) VALUES (\(name), \(hash))", logger: logger)
            case false? where !rotate:
                return false
            default:  // revoked (re-enable) or active with --rotate
                try await connection.query(
                    "UPDATE stations SET token_sha256 = \(hash), revoked_at = NULL WHERE name = \(name)", logger: logger)
            }
            return true
        }
        guard updated else {
            throw LedgerError(.conflict, "station '\(name)' already exists and is active; use --rotate to replace its token")
        }
        return token
    }

    /// Revokes a station's token at once, for every instance (each request looks the token up).
    public func revokeStation(_ name: String) async throws {
        let rows = try await client.query(
            "UPDATE stations SET revoked_at = COALESCE(revoked_at, now()) WHERE name = \(name) RETURNING name", logger: logger)
        for try await _ in rows { return }
        throw LedgerError(.notFound, "no station named '\(name)'")
    }

    /// The station a bearer token belongs to, or nil for an unknown or revoked token.
    public func station(forToken token: String) async throws -> String? {
        let hash = StationToken.hash(token)
        let rows = try await client.query(
            "SELECT name FROM stations WHERE token_sha256 = \(hash) AND revoked_at IS NULL", logger: logger)
        for try await name in rows.decode(String.self) { return name }
        return nil
    }

    /// Name, whether active, for `station list`.
    public func stations() async throws -> [(name: String, active: Bool)] {
        let rows = try await client.query("SELECT name, revoked_at IS NULL FROM stations ORDER BY name", logger: logger)
        var result: [(String, Bool)] = []
        for try await (name, active) in rows.decode((String, Bool).self) { result.append((name, active)) }
        return result
    }
}
