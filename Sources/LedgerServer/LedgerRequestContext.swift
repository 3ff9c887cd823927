import Hummingbird
import Logging

/// The request context: Hummingbird's core storage plus the station the bearer token proved.
public struct LedgerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``BearerAuthMiddleware``; nil only on routes that need no token (health).
    public var caller: LedgerCaller?

    public init(source: Source) {
        coreContext = .init(source: source)
        caller = nil
    }

    /// The caller, if its role may use `route` (a key of ``LedgerAccess/routes``); 403 naming the roles it needs.
    func require(_ route: String) throws(LedgerError) -> LedgerCaller {
        guard let caller else { throw LedgerError(.unauthorized, "a bearer token is required") }
        let allowed = LedgerAccess.routes[route] ?? []
        guard allowed.contains(caller.role) else {
            let names = LedgerRole.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: " or ")
            throw LedgerError(.forbidden, "\(route) needs the role \(names); the token is \(caller)")
        }
        return caller
    }

    /// The caller's station name when it is a station, nil for a person (who sees every station).
    static func station(of caller: LedgerCaller) -> String? { caller.role == .station ? caller.name : nil }
}
