import Crypto
import Foundation

/// Bearer tokens: shown once when made, stored only as their SHA-256.
///
/// A plain (unsalted) hash is enough here: the token is 256 random bits, so there is nothing to guess, and the
/// lookup must find the station from the token alone.
public enum StationToken {
    /// `rl_` + 43 characters of base64url (32 bytes from the system's secure generator).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "rl_" + text
    }

    public static func hash(_ token: String) -> String { sha256Hex(Data(token.utf8)) }

    static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
