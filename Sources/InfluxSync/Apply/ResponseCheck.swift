import Foundation
import InfluxAPI

/// A write whose response does not show what was asked.
struct ResponseMismatch: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Compares write responses with their requests (design.md "Response checks": after each
/// write the answer is compared with what was asked; a mismatch is a failure).
enum ResponseCheck {
    /// A created or updated label must carry the (trimmed) name and every property as sent,
    /// with `""`-valued properties removed (influxdb-api.md §10.1, §10.4).
    static func label(_ label: InfluxLabel, matches request: LabelCreateRequest) throws {
        try name(label.name, request.name)
        try properties(label.properties, request.properties)
    }

    static func label(_ label: InfluxLabel, matches request: LabelUpdateRequest) throws {
        if let want = request.name { try name(label.name, want) }
        try properties(label.properties, request.properties ?? [:])
    }

    /// A created task must hold the script verbatim (§4.1), the status and the description.
    static func task(_ task: InfluxTask, matches request: TaskCreateRequest) throws {
        try same("flux", task.flux, request.flux)
        try same("status", task.status, request.status)
        try same("description", task.description ?? "", request.description ?? "")
    }

    /// A PATCHed task must show each field that was sent (flux is stored verbatim, §7.3 A4).
    static func task(_ task: InfluxTask, matches request: TaskUpdateRequest) throws {
        if let flux = request.flux { try same("flux", task.flux, flux) }
        if let status = request.status { try same("status", task.status, status) }
        if let description = request.description { try same("description", task.description ?? "", description) }
    }

    private static func name(_ have: String, _ want: String) throws {
        try same("name", have, want.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func properties(_ have: [String: String], _ want: [String: String]) throws {
        for (key, value) in want.sorted(by: { $0.key < $1.key }) {
            if value.isEmpty {
                if let left = have[key] { throw ResponseMismatch("the server kept property \(DisplayText.escaped(key))=\(quoted(left)) that was asked to be removed") }
            } else {
                try same("property \(key)", have[key] ?? "", value)
            }
        }
    }

    private static func same(_ field: String, _ have: String, _ want: String) throws {
        guard have != want else { return }
        throw ResponseMismatch("the server answered \(field) \(quoted(have)) where \(quoted(want)) was asked")
    }

    private static func quoted(_ s: String) -> String {
        TextPlanRenderer.quote(s.count > 60 ? s.prefix(57) + "…" : s)
    }
}
