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
