import Foundation
import InfluxAPI

// Response and request wrappers of the InfluxDB v2 API that only the HTTP client needs.

/// `{"code": "...", "message": "..."}` (influxdb-api.md §1.2).
struct ErrorEnvelope: Decodable {
    var code: String?
    var message: String?
}

/// `GET /api/v2/orgs` (§11).
struct OrgsEnvelope: Decodable {
    var orgs: [InfluxOrg]
}

/// `GET /api/v2/labels` (§10.2).
struct LabelsEnvelope: Decodable {
    var labels: [InfluxLabel]
}

/// `POST`/`PATCH`/`GET /api/v2/labels[/{id}]` and `POST /api/v2/tasks/{id}/labels` (§9.3, §10).
struct LabelEnvelope: Decodable {
    var label: InfluxLabel
}

/// `GET /api/v2/tasks` (§5.4).
struct TasksEnvelope: Decodable {
    var tasks: [InfluxTask]
}

/// `GET /api/v2/tasks` (§5.4), only its pagination links: read before the tasks are decoded.
struct TasksLinksEnvelope: Decodable {
    struct Links: Decodable { var next: String? }
    var links: Links?

    /// The envelope decoded from the body's first member alone, when that member is `links`
    /// (`{"links":{…},"tasks":[…]}`, §5.4): a few hundred bytes instead of the whole page.
    /// Nil when the body does not start that way (the caller then decodes all of it).
    static func leading(in body: Data) -> TasksLinksEnvelope? {
        body.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> TasksLinksEnvelope? in
            let b = raw.bindMemory(to: UInt8.self)
            var i = 0
            func skipSpace() { while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 } }
            func expect(_ byte: UInt8) -> Bool {
                skipSpace()
                guard i < b.count, b[i] == byte else { return false }
                i += 1
                return true
            }
            guard expect(UInt8(ascii: "{")) else { return nil }
            skipSpace()
            let memberStart = i
            let key = Array("\"links\"".utf8)
            guard b.count - i >= key.count, b[i..<(i + key.count)].elementsEqual(key) else { return nil }
            i += key.count
            guard expect(UInt8(ascii: ":")), expect(UInt8(ascii: "{")) else { return nil }
            // To the object's closing brace, strings skipped (escapes included).
            var depth = 1
            while i < b.count, depth > 0 {
                switch b[i] {
                case UInt8(ascii: "\""):
                    i += 1
                    while i < b.count, b[i] != UInt8(ascii: "\"") { i += b[i] == UInt8(ascii: "\\") ? 2 : 1 }
                case UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "}"): depth -= 1
                default: break
                }
                i += 1
            }
            guard depth == 0, i <= b.count else { return nil }
            var member = Data("{".utf8)
            member.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[memberStart..<i]))
            member.append(contentsOf: "}".utf8)
            return try? JSONDecoder().decode(TasksLinksEnvelope.self, from: member)
        }
    }
}

/// `GET /api/v2/buckets` (§17.3).
struct BucketsEnvelope: Decodable {
    var buckets: [InfluxBucket]
}

/// `GET /api/v2/orgs/{orgID}/secrets` (§18.1).
struct SecretKeysEnvelope: Decodable {
    var secrets: [String]
}

/// `GET /api/v2/tasks/{id}/runs` (§12.3).
struct RunsEnvelope: Decodable {
    var runs: [InfluxRun]
}

/// Body of `POST /api/v2/tasks/{id}/labels` (§9.3).
struct LabelMappingRequest: Encodable {
    var labelID: String
}
