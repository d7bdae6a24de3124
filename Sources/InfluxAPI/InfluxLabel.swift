/// A label object (influxdb-api.md §9.1, §10): `properties` values are strings only and the
/// key is omitted by the server when the map is empty.
public struct InfluxLabel: Codable, Hashable, Sendable {
    /// 16 lowercase hex digits.
    public var id: String
    /// Org the label belongs to.
    public var orgID: String
    /// Display name, unique per org case-insensitively after trimming (§10.1).
    public var name: String
    /// String properties such as `color` (`#rrggbb`) and `description`; empty when absent.
    public var properties: [String: String]

    /// Creates a label value.
    public init(id: String, orgID: String, name: String, properties: [String: String] = [:]) {
        self.id = id
        self.orgID = orgID
        self.name = name
        self.properties = properties
    }

    enum CodingKeys: String, CodingKey { case id, orgID, name, properties }

    /// Decodes a label; a missing `properties` key becomes `[:]`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        orgID = try c.decodeIfPresent(String.self, forKey: .orgID) ?? ""
        name = try c.decode(String.self, forKey: .name)
        properties = try c.decodeIfPresent([String: String].self, forKey: .properties) ?? [:]
    }
}

/// Body of `POST /api/v2/labels` (§10.1).
public struct LabelCreateRequest: Codable, Hashable, Sendable {
    /// Org to create the label in (16 lowercase hex digits); required (§10.1).
    public var orgID: String
    /// Display name; trimmed by the server, unique per org case-insensitively (§10.1).
    public var name: String
    /// String properties such as `color` (`#rrggbb`) and `description`, stored as sent.
    public var properties: [String: String]

    /// Creates a label create body.
    public init(orgID: String, name: String, properties: [String: String]) {
        self.orgID = orgID
        self.name = name
        self.properties = properties
    }
}

/// Body of `PATCH /api/v2/labels/{id}` (§10.4): `properties` are merged, a `""` value deletes
/// that key; nil fields are not sent.
public struct LabelUpdateRequest: Codable, Hashable, Sendable {
    /// New display name (trimmed, uniqueness re-checked); nil or empty leaves it unchanged (§10.4).
    public var name: String?
    /// Properties merged into the existing map; a `""` value deletes that key; nil sends none.
    public var properties: [String: String]?

    /// Creates a label update body; nil fields are not sent.
    public init(name: String? = nil, properties: [String: String]? = nil) {
        self.name = name
        self.properties = properties
    }
}
