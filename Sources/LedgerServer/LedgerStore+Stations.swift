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

    /// Who a bearer token belongs to (a station or a credential), or nil for an unknown or revoked token.
    /// One indexed read, no cache, so a revocation takes effect at once on every instance.
    public func caller(forToken token: String) async throws -> LedgerCaller? {
        let hash = StationToken.hash(token)
        let rows = try await client.query("""
            SELECT name, 'station' FROM stations WHERE token_sha256 = \(hash) AND revoked_at IS NULL
            UNION ALL SELECT name, role FROM credentials WHERE token_sha256 = \(hash) AND revoked_at IS NULL
            """, logger: logger)
        for try await (name, role) in rows.decode((String, String).self) {
            if let role = LedgerRole(rawValue: role) { return LedgerCaller(name: name, role: role) }
        }
        return nil
    }

    /// Makes a credential for a person or script and returns its token (the only time it exists in clear).
    /// An active credential keeps its token unless `rotate`; a revoked one is re-enabled with a new token.
    public func addCredential(_ name: String, role: LedgerRole, rotate: Bool = false) async throws -> String {
        guard role != .station else {
            throw LedgerError(.invalidRequest, "stations get their tokens from `returns-ledger station add`")
        }
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.@".contains($0) }) else {
            throw LedgerError(.invalidRequest, "credential name '\(name)' must be 1–64 letters, digits, '-', '_', '.' or '@'")
        }
        let token = StationToken.generate()
        let hash = StationToken.hash(token)
        let issued = try await transaction { connection in
            // Rotating an administrator's token into another role takes an administrator away.
            if role != .admin { try await refuseLosingTheLastAdministrator(name, connection) }
            let rows = try await connection.query("""
                INSERT INTO credentials (name, role, token_sha256) VALUES (\(name), \(role.rawValue), \(hash))
                ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, token_sha256 = EXCLUDED.token_sha256, revoked_at = NULL
                    WHERE credentials.revoked_at IS NOT NULL OR \(rotate)
                RETURNING name
                """, logger: logger)
            for try await _ in rows { return true }
            return false
        }
        guard issued else { throw LedgerError(.conflict, "credential '\(name)' already exists and is active; use --rotate to replace its token") }
        return token
    }

    /// Revokes a credential at once and returns its role. The last active administrator cannot be revoked.
    @discardableResult
    public func revokeCredential(_ name: String) async throws -> String {
        try await transaction { connection in
            try await refuseLosingTheLastAdministrator(name, connection)
            let rows = try await connection.query(
                "UPDATE credentials SET revoked_at = COALESCE(revoked_at, now()) WHERE name = \(name) RETURNING role", logger: logger)
            for try await role in rows.decode(String.self) { return role }
            throw LedgerError(.notFound, "no credential named '\(name)'")
        }
    }

    /// Refuses (409) a change that would leave no active administrator. The active administrators' rows are
    /// locked first, in name order, so two administrators revoking each other at once queue here and the second
    /// sees the first one's change: they cannot both succeed. The name is compared by PostgreSQL, byte for byte.
    private func refuseLosingTheLastAdministrator(_ name: String, _ connection: PostgresConnection) async throws {
        let rows = try await connection.query(
            "SELECT name = \(name) FROM credentials WHERE role = 'admin' AND revoked_at IS NULL ORDER BY name FOR UPDATE", logger: logger)
        var admins: [Bool] = []
        for try await isThisOne in rows.decode(Bool.self) { admins.append(isThisOne) }
        if admins == [true] {
            throw LedgerError(.conflict, "'\(name)' is the last active administrator: add another before revoking it or changing its role")
        }
    }

    /// Name, role, whether active, for `credential list`.
    public func credentials() async throws -> [(name: String, role: String, active: Bool)] {
        let rows = try await client.query("SELECT name, role, revoked_at IS NULL FROM credentials ORDER BY name", logger: logger)
        var result: [(String, String, Bool)] = []
        for try await row in rows.decode((String, String, Bool).self) { result.append(row) }
        return result
    }

    /// Name, whether active, for `station list`.
    public func stations() async throws -> [(name: String, active: Bool)] {
        let rows = try await client.query("SELECT name, revoked_at IS NULL FROM stations ORDER BY name", logger: logger)
        var result: [(String, Bool)] = []
        for try await (name, active) in rows.decode((String, Bool).self) { result.append((name, active)) }
        return result
    }
}
