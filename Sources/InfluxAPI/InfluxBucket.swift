/// A bucket as `GET /api/v2/buckets` lists it (influxdb-api.md §17.1): only what the checks
/// of task scripts need. Other fields of the answer are ignored.
public struct InfluxBucket: Codable, Hashable, Sendable {
    /// 16 lowercase hex digits.
    public var id: String
    /// The name, unique within its org (case-sensitive).
    public var name: String

    /// Creates a bucket value.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
