import Hummingbird
import Logging

/// The request context: Hummingbird's core storage plus the station the bearer token proved.
public struct LedgerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``BearerAuthMiddleware``; nil only on routes that need no token (health).
    public var station: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        station = nil
    }

    /// The authenticated station; a route behind the auth middleware always has one.
    func requireStation() throws(LedgerError) -> String {
        guard let station else { throw LedgerError(.unauthorized, "a bearer token is required") }
        return station
    }
}
