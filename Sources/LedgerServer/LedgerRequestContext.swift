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

    /// The caller ``BearerAuthMiddleware`` admitted to this route; every route behind it has one.
    func authenticated() throws(LedgerError) -> LedgerCaller {
        guard let caller else { throw LedgerError(.unauthorized, "a bearer token is required") }
        return caller
    }
}
