import Hummingbird

/// Finds the caller of `Authorization: Bearer <token>` (a station, or a credential with its role); 401 for a
/// missing, unknown or revoked token; 403 when its role may not use the route (``LedgerAccess``). Group
/// middleware runs after the router has matched the route, so `endpointPath` names it (`/v1/orders/{number}`).
///
/// The token is looked up on every request (one indexed read) rather than cached, so a revocation takes effect
/// at once on every instance.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext
    let store: LedgerStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.count > 7,
              header.prefix(7).lowercased() == "bearer " else {
            throw LedgerError(.unauthorized, "send Authorization: Bearer <token>")
        }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard let caller = try await store.caller(forToken: token) else {
            throw LedgerError(.unauthorized, "the token is unknown or revoked")
        }
        let route = "\(request.method.rawValue) \(context.endpointPath ?? request.uri.path)"
        if let refusal = LedgerAccess.refusal(of: caller, on: route) { throw refusal }
        var context = context
        context.caller = caller
        context.logger[metadataKey: caller.role == .station ? "station" : "caller"] = .string(caller.name)
        return try await next(request, context)
    }
}
