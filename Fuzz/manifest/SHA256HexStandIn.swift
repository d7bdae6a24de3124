import Foundation

// Stands in for Sources/InfluxSync/SavedPlan/SHA256Hex.swift in the fuzz build only, so the
// fuzzer needs no swift-crypto build. The manifest loader never digests; saved-plan code,
// which does, is not exercised by the harness. NOT a hash: never use outside Fuzz/.
enum SHA256Hex {
    static func digest(_ data: Data) -> String { String(data.count) }
    static func digest(_ text: String) -> String { digest(Data(text.utf8)) }
    static func digest(fields: [String]) -> String { digest(fields.joined(separator: "\u{0}")) }
}
