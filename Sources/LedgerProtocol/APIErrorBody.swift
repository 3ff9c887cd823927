/// The body of every error response: a stable machine code and a message for a person.
///
/// Codes: `unauthorized` (401), `forbidden` (403), `notFound` (404), `conflict` and `noteNumberTaken` (409),
/// `invalidRequest` (422, also for JSON that does not decode), `internal` (500, no details).
public struct APIErrorBody: Codable, Hashable, Sendable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
