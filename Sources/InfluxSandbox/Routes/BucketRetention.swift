/// The `retentionRules` of a bucket create or update body (influxdb-api.md §17.2).
struct BucketRetention: Equatable, Sendable {
    /// nil when the rule omitted it (PATCH keeps the stored value).
    var everySeconds: Int?
    var shardGroupSeconds: Int?

    /// Decodes `retentionRules`: nil when absent, null or `[]` (no change on PATCH); 422 for more
    /// than one rule or negative values; 400 `failed to unmarshal json: …` for wrong types.
    static func decode(_ f: BodyFields) -> Result<BucketRetention?, APIError> {
        guard let value = f.object["retentionRules"], value != .null else { return .success(nil) }
        guard case .array(let items) = value else {
            return .failure(
                .invalid("failed to unmarshal json: json: cannot unmarshal \(value.goKind) into Go struct field \(f.structName).retentionRules of type []http.retentionRule"))
        }
        if items.count > 1 { return .failure(APIError(.unprocessableEntity, "buckets cannot have more than one retention rule at this time")) }
        guard let item = items.first else { return .success(nil) }
        let rule: BodyFields
        switch item {
        case .object(let o): rule = BodyFields(object: o, structName: "retentionRule")
        case .null: return .success(BucketRetention())
        default:
            return .failure(
                .invalid("failed to unmarshal json: json: cannot unmarshal \(item.goKind) into Go struct field \(f.structName).retentionRules of type http.retentionRule"))
        }
        let every: Int?, shard: Int?
        do {
            every = try rule.int("everySeconds")
            shard = try rule.int("shardGroupDurationSeconds")
        } catch { return .failure(.invalid("failed to unmarshal json: \(goMessage(error))")) }
        if (every ?? 0) < 0 { return .failure(APIError(.unprocessableEntity, "expiration seconds cannot be negative")) }
        if (shard ?? 0) < 0 { return .failure(APIError(.unprocessableEntity, "shard-group duration seconds cannot be negative")) }
        return .success(BucketRetention(everySeconds: every, shardGroupSeconds: shard))
    }

    /// The storage engine's limits (§17.2): 500 below one hour, 500 when shorter than the
    /// shard-group duration.
    static func engineRefusal(retention: Int, shardGroup: Int) -> APIError? {
        guard retention > 0 else { return nil }
        if retention < 3600 { return .internalError("retention policy duration must be at least 1h0m0s") }
        if retention < shardGroup { return .internalError("retention policy duration must be greater than the shard duration") }
        return nil
    }

    /// 400 for names InfluxDB refuses on create and rename (§17.5 step 4), or nil.
    static func nameRefusal(_ name: String) -> APIError? {
        if name.hasPrefix("_") { return .invalid("bucket name \(name) is invalid. Buckets may not start with underscore") }
        if name.contains("\"") { return .invalid("bucket name \(name) is invalid. Bucket names may not include quotation marks") }
        return nil
    }
}
