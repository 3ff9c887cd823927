/// `GET /v1/health`.
public struct HealthDTO: Codable, Hashable, Sendable {
    public var status: String
    public var schemaVersion: Int

    public init(status: String, schemaVersion: Int) {
        self.status = status
        self.schemaVersion = schemaVersion
    }
}
