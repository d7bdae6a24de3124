import Foundation

/// SHA-256 helpers used by saved plans (manifest digests and live-state fingerprints).
enum SHA256Hex {
    /// Lowercase hex SHA-256 of `data` (64 characters).
    static func digest(_ data: Data) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in SHA256.hash(data) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
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
