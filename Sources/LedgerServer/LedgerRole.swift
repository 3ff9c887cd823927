/// Who may do what on the ledger (docs/SECURITY.md, "Who can do what"). Stations hold station tokens; people
/// and their scripts hold credentials with one of the other roles.
public enum LedgerRole: String, Sendable, CaseIterable, Hashable {
    /// A dock: submits and reads its own notes, looks up orders and RMAs, reads the refund policy.
    case station
    /// Creates, reads and cancels RMAs; looks up orders and notes; reads the analysis.
    case customerService = "customer-service"
    /// Reads credit notes, notes and the analysis.
    case finance
    /// Everything the other people's roles may do, and manage stations, credentials and order imports.
    case admin
}

/// The caller a bearer token proved: a station by name, or a named credential with its role.
public struct LedgerCaller: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var role: LedgerRole

    public init(name: String, role: LedgerRole) {
        self.name = name
        self.role = role
    }

    public var description: String { role == .station ? "station \(name)" : "\(name) (\(role.rawValue))" }

    /// The station's name when the caller is one; nil for a person, who sees every station.
    public var station: String? { role == .station ? name : nil }
}

/// Which roles each route admits, keyed by method and path as the router knows it. ``BearerAuthMiddleware``
/// checks every request against it; `docs/openapi.yaml` and a test read the same table.
public enum LedgerAccess {
    public static let routes: [String: Set<LedgerRole>] = [
        "GET /v1/orders": [.station],
        "GET /v1/orders/{number}": [.station, .customerService, .finance, .admin],
        "GET /v1/refund-policy": Set(LedgerRole.allCases),
        "POST /v1/return-notes": [.station],
        "GET /v1/return-notes/{id}": [.station, .customerService, .finance, .admin],
        "POST /v1/rmas": [.customerService, .admin],
        "GET /v1/rmas/{number}": [.station, .customerService, .admin],
        "POST /v1/rmas/{number}/cancel": [.customerService, .admin],
        "GET /v1/credit-notes/{number}": [.finance, .admin],
        "GET /v1/analytics/returns": [.customerService, .finance, .admin],
        "GET /v1/stations": [.admin],
        "POST /v1/stations": [.admin],
        "POST /v1/stations/{name}/revoke": [.admin],
        "GET /v1/credentials": [.admin],
        "POST /v1/credentials": [.admin],
        "POST /v1/credentials/{name}/revoke": [.admin],
        "POST /v1/order-imports": [.admin],
    ]

    /// Why `caller` may not use `route`, or nil when it may.
    static func refusal(of caller: LedgerCaller, on route: String) -> LedgerError? {
        guard let allowed = routes[route] else {
            // A route served but missing from the table is a mistake here: refuse it to everyone, loudly.
            return LedgerError(.forbidden, "\(route) is not in the ledger's access table")
        }
        guard !allowed.contains(caller.role) else { return nil }
        let names = LedgerRole.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: " or ")
        return LedgerError(.forbidden, "\(route) needs the role \(names); the token is \(caller)")
    }
}
