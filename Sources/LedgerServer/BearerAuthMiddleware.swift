import Hummingbird

/// Finds the station of `Authorization: Bearer <token>`; 401 for a missing, unknown or revoked token.
///
/// The token is looked up on every request (one indexed read) rather than cached, so a revocation takes effect
/// at once on every instance.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext
    let store: LedgerStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.count > 7,
              header.prefix(7).lowercased() == "bearer " else {
            throw LedgerError(.unauthorized, "send Authorization: Bearer <station token>")
        }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        guard let station = try await store.station(forToken: token) else {
            throw LedgerError(.unauthorized, "the token is unknown or revoked")
        }
        var context = context
        context.station = station
        context.logger[metadataKey: "station"] = .string(station)
        return try await next(request, context)
    }
}
