/// An organization as returned by `GET /api/v2/orgs` (influxdb-api.md §11).
public struct InfluxOrg: Codable, Hashable, Sendable {
    /// 16 lowercase hex digits.
    public var id: String
    /// Unique org name.
    public var name: String

    /// Creates an org value.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
