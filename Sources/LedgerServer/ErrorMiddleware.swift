import Hummingbird

/// Gives every failure the JSON error body: our own errors as they are, Hummingbird's (404 for an unknown path,
/// 405, 413) with their status, and anything else as a bare 500 whose details only go to the log.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as LedgerError {
            if error.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            }
            throw error
        } catch let error as HTTPError {
            let code: LedgerError.Code = switch error.status {
            case .notFound: .notFound
            case .unauthorized: .unauthorized
            case .forbidden: .forbidden
            case .conflict: .conflict
            case .internalServerError: .internal
            default: .invalidRequest
            }
            var mapped = LedgerError(code, error.body ?? error.status.reasonPhrase)
            if code == .invalidRequest { mapped.message = "\(error.status.code) \(error.status.reasonPhrase): \(mapped.message)" }
            throw StatusError(status: error.status, error: mapped)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            throw LedgerError(.internal, "internal error")
        }
    }
}

/// A Hummingbird status we pass through with our JSON body (e.g. 405, 413).
struct StatusError: HTTPResponseError {
    var status: HTTPResponse.Status
    var error: LedgerError

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try error.response(from: request, context: context)
        response.status = status
        return response
    }
}
