/// The administrators' routes (`/v1/stations`, `/v1/credentials`, `/v1/order-imports`): what
/// `returns-ledger station|credential|import-orders` do on the ledger host, over HTTP with an admin token.

/// `POST /v1/stations`: register a station (or re-enable a revoked one); `rotate` replaces an active station's token.
public struct StationCreateRequest: Codable, Hashable, Sendable {
    public var name: String
    public var rotate: Bool?

    public init(name: String, rotate: Bool? = nil) {
        self.name = name
        self.rotate = rotate
    }
}

/// `POST /v1/credentials`: a token for a person or script with one role (`customer-service`, `finance`, `admin`).
public struct CredentialCreateRequest: Codable, Hashable, Sendable {
    public var name: String
    public var role: String
    public var rotate: Bool?

    public init(name: String, role: String, rotate: Bool? = nil) {
        self.name = name
        self.role = role
        self.rotate = rotate
    }
}

/// A new bearer token: the only time it exists in clear (the ledger keeps its SHA-256).
public struct IssuedTokenDTO: Codable, Hashable, Sendable {
    public var name: String
    public var role: String
    public var token: String

    public init(name: String, role: String, token: String) {
        self.name = name
        self.role = role
        self.token = token
    }
}

/// A station or credential as the lists show it (never its token).
public struct TokenHolderDTO: Codable, Hashable, Sendable {
    public var name: String
    public var role: String
    public var active: Bool

    public init(name: String, role: String, active: Bool) {
        self.name = name
        self.role = role
        self.active = active
    }
}

/// `GET /v1/stations` and `GET /v1/credentials`.
public struct TokenHolderListDTO: Codable, Hashable, Sendable {
    public var items: [TokenHolderDTO]

    public init(items: [TokenHolderDTO]) { self.items = items }
}

/// `POST /v1/order-imports`: how many orders the file held (all imported, or none and a 422).
public struct OrderImportResultDTO: Codable, Hashable, Sendable {
    public var imported: Int

    public init(imported: Int) { self.imported = imported }
}
