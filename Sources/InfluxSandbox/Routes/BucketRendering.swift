extension Rendering {
    /// A bucket (influxdb-api.md §17.1): `description` omitted when empty, one retention rule
    /// when retention or shard-group duration is set (§17.2), `labels` as given (`[]` in POST
    /// and PATCH answers).
    static func bucket(_ b: StoredBucket, labels: [StoredLabel]) -> JSONValue {
        let base = "/api/v2/buckets/\(b.id)"
        var o = JSONObject()
        o.append(
            "links",
            .object([
                "self": .string(base), "org": .string("/api/v2/orgs/\(b.orgID)"), "members": .string(base + "/members"),
                "owners": .string(base + "/owners"), "labels": .string(base + "/labels"),
                "write": .string("/api/v2/write?org=\(b.orgID)&bucket=\(b.id)"),
            ]))
        o.append("id", .string(b.id))
        o.append("orgID", .string(b.orgID))
        o.append("type", .string(b.type))
        if !b.description.isEmpty { o.append("description", .string(b.description)) }
        o.append("name", .string(b.name))
        if let rp = b.rp, !rp.isEmpty { o.append("rp", .string(rp)) }
        var rules: [JSONValue] = []
        if b.everySeconds > 0 || b.shardGroupSeconds > 0 {
            rules.append(
                .object([
                    "type": "expire", "everySeconds": .int(b.everySeconds),
                    "shardGroupDurationSeconds": .int(b.shardGroupSeconds),
                ]))
        }
        o.append("retentionRules", .array(rules))
        o.append("createdAt", .string(b.createdAt.rfc3339Nano))
        o.append("updatedAt", .string(b.updatedAt.rfc3339Nano))
        o.append("labels", .array(labels.map(label)))
        return .object(o)
    }
}

extension StoredBucket {
    /// The permission reading this bucket needs: bucket read, or org read for a system bucket
    /// (§17.4, §17.6).
    var readPermission: Permission {
        isSystem
            ? Permission(action: "read", type: "orgs", id: orgID)
            : Permission(action: "read", type: "buckets", orgID: orgID, id: id)
    }

    /// The permission changing this bucket needs (§17.7, §17.8).
    var writePermission: Permission { Permission(action: "write", type: "buckets", orgID: orgID, id: id) }
}
