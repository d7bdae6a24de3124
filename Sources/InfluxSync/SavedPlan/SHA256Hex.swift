import Crypto
import Foundation

/// SHA-256 helpers used by saved plans (manifest digests and live-state fingerprints).
enum SHA256Hex {
    /// Lowercase hex SHA-256 of `data` (64 characters).
    static func digest(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Lowercase hex SHA-256 of a string's UTF-8 bytes.
    static func digest(_ text: String) -> String { digest(Data(text.utf8)) }

    /// Lowercase hex SHA-256 of several fields, each length-prefixed so that no two different
    /// field lists hash the same (`["ab","c"]` ≠ `["a","bc"]`).
    static func digest(fields: [String]) -> String {
        var data = Data()
        for field in fields {
            let bytes = Data(field.utf8)
            data.append(contentsOf: Array("\(bytes.count):".utf8))
            data.append(bytes)
            data.append(0x0A)
        }
        return digest(data)
    }
}
