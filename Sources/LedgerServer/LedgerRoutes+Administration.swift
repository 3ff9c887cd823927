import Dispatch
import Foundation
import Hummingbird
import LedgerProtocol
import ReturnsCore

/// The administrators' routes: stations, credentials (the people and scripts of the other roles) and order
/// imports, the same operations as `returns-ledger station|credential|import-orders` on the ledger host.
/// `LedgerAccess` admits only `admin` to them.
extension LedgerRoutes {
    /// An order file over HTTP may be as large as one a supervisor sends a station (docs/SECURITY.md, Limits).
    public static let maxImportBodyBytes = 32 << 20

    func addAdministrationRoutes(to api: RouterGroup<LedgerRequestContext>) {
        api.get("stations") { _, _ in
            let items = try await store.stations().map { TokenHolderDTO(name: $0.name, role: LedgerRole.station.rawValue, active: $0.active) }
            return try JSONCoding.response(TokenHolderListDTO(items: items))
        }
        api.post("stations") { request, context in
            let create = try await Self.decodeBody(StationCreateRequest.self, request)
            let token = try await store.addStation(create.name, rotate: create.rotate ?? false)
            try Self.audit(context, "station token issued", create.name)
            return try JSONCoding.response(IssuedTokenDTO(name: create.name, role: LedgerRole.station.rawValue, token: token), status: .created)
        }
        api.post("stations/:name/revoke") { _, context in
            let name = try LedgerText.identifier(context, "name", what: "station")
            try await store.revokeStation(name)
            try Self.audit(context, "station token revoked", name)
            return try JSONCoding.response(TokenHolderDTO(name: name, role: LedgerRole.station.rawValue, active: false))
        }
        api.get("credentials") { _, _ in
            let items = try await store.credentials().map { TokenHolderDTO(name: $0.name, role: $0.role, active: $0.active) }
            return try JSONCoding.response(TokenHolderListDTO(items: items))
        }
        api.post("credentials") { request, context in
            let create = try await Self.decodeBody(CredentialCreateRequest.self, request)
            guard let role = LedgerRole(rawValue: create.role), role != .station else {
                throw LedgerError(.invalidRequest, "role '\(create.role.prefix(40))' must be customer-service, finance or admin (stations: POST /v1/stations)")
            }
            // An administrator changing its own role would lose the rights it is using; another one does it.
            if create.name == (try context.authenticated()).name, role != .admin {
                throw LedgerError(.conflict, "'\(create.name)' is the credential of this request; change its role with another administrator's token")
            }
            let token = try await store.addCredential(create.name, role: role, rotate: create.rotate ?? false)
            try Self.audit(context, "credential issued", create.name)
            return try JSONCoding.response(IssuedTokenDTO(name: create.name, role: role.rawValue, token: token), status: .created)
        }
        api.post("credentials/:name/revoke") { _, context in
            let caller = try context.authenticated()
            let name = try LedgerText.identifier(context, "name", what: "credential")
            // Revoking the token this request came with would lock its holder out mid-session: do it from another.
            guard name != caller.name else {
                throw LedgerError(.conflict, "'\(name)' is the credential of this request; revoke it with another administrator's token")
            }
            let role = try await store.revokeCredential(name)
            try Self.audit(context, "credential revoked", name)
            return try JSONCoding.response(TokenHolderDTO(name: name, role: role, active: false))
        }
        api.post("order-imports") { request, context in try await importOrders(request, context) }
    }

    /// The station's CSV or JSON order format (JSON when `Content-Type` says so or the body starts with `[`);
    /// all or nothing, as `returns-ledger import-orders`.
    func importOrders(_ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        let body = try await Self.collectBody(request, upTo: Self.maxImportBodyBytes)
        let bytes = [UInt8](body.readableBytesView)
        let json = request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true
        // Parsing up to 32 MiB takes a while: not on a cooperative thread, where it would hold up other requests.
        let parsed: Result<[SalesOrder], ImportError> = await withCheckedContinuation { done in
            DispatchQueue.global().async {
                done.resume(returning: Result { () throws(ImportError) in try OrderImport.parse(bytes, fileName: json ? "orders.json" : "orders.csv") })
            }
        }
        let orders: [SalesOrder]
        do { orders = try parsed.get() } catch {
            throw LedgerError(.invalidRequest, error.problems.prefix(20).map(\.description).joined(separator: "; ")
                + (error.problems.count > 20 ? "; and \(error.problems.count - 20) more" : "") + "; nothing was imported")
        }
        let count = try await store.importOrders(orders)
        try Self.audit(context, "orders imported", "\(count)")
        return try JSONCoding.response(OrderImportResultDTO(imported: count))
    }

    /// Who changed whose access, in the log (the ledger's audit trail for tokens and imports).
    static func audit(_ context: LedgerRequestContext, _ what: String, _ subject: String) throws {
        let caller = try context.authenticated()
        context.logger.notice("\(what)", metadata: ["by": "\(caller)", "subject": "\(subject)"])
    }
}
