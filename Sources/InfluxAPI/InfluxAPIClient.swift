/// The calls influxsync makes against the InfluxDB v2 API. Implemented over HTTP by
/// `InfluxHTTPClient`; tests may substitute their own.
///
/// Every method throws `InfluxAPIError` on a non-2xx answer or a transport failure.
public protocol InfluxAPIClient: Sendable {
    /// `GET /api/v2/orgs?org=<name>` (§11); 404 when unknown.
    func findOrg(name: String) async throws -> InfluxOrg
    /// `GET /api/v2/orgs/{id}` (§11).
    func findOrg(id: String) async throws -> InfluxOrg
    /// `GET /api/v2/labels?orgID=` (§10.2): every label of the org, ordered by ID.
    func listLabels(orgID: String) async throws -> [InfluxLabel]
    /// `POST /api/v2/labels` (§10.1).
    func createLabel(_ request: LabelCreateRequest) async throws -> InfluxLabel
    /// `PATCH /api/v2/labels/{id}` (§10.4).
    func updateLabel(id: String, _ request: LabelUpdateRequest) async throws -> InfluxLabel
    /// `DELETE /api/v2/labels/{id}` (§10.5).
    func deleteLabel(id: String) async throws
    /// `GET /api/v2/tasks?orgID=&limit=&after=` (§5): one page, ascending ID order, each task
    /// with its labels. Never `type=basic`.
    func listTasks(orgID: String, after: String?, limit: Int) async throws -> [InfluxTask]
    /// The same page as `listTasks`, with the `after` cursor of its `links.next` (§5.4) read
    /// before the tasks are decoded, so that the next page can be asked for meanwhile. The
    /// default (in an extension) decodes at once and reads no cursor.
    func listTaskPage(orgID: String, after: String?, limit: Int) async throws -> InfluxTaskPage
    /// `GET /api/v2/tasks/{id}` (§6).
    func getTask(id: String) async throws -> InfluxTask
    /// `POST /api/v2/tasks` (§4); 201.
    func createTask(_ request: TaskCreateRequest) async throws -> InfluxTask
    /// `PATCH /api/v2/tasks/{id}` (§7).
    func updateTask(id: String, _ request: TaskUpdateRequest) async throws -> InfluxTask
    /// `DELETE /api/v2/tasks/{id}` (§8); 204.
    func deleteTask(id: String) async throws
    /// `POST /api/v2/tasks/{id}/labels` (§9.3); 422 `conflict` when already attached.
    func addTaskLabel(taskID: String, labelID: String) async throws
    /// `DELETE /api/v2/tasks/{id}/labels/{labelID}` (§9.4); 204.
    func removeTaskLabel(taskID: String, labelID: String) async throws
    /// `GET /api/v2/tasks/{id}/runs?afterTime=&beforeTime=&limit=` (§12.3): newest
    /// `scheduledFor` first, both bounds exclusive (RFC 3339), no pages of its own.
    func listRuns(taskID: String, afterTime: String?, beforeTime: String?, limit: Int) async throws -> [InfluxRun]
    /// Every bucket of the org the token may read, system buckets included:
    /// `GET /api/v2/buckets?orgID=&limit=100&offset=` pages (§17.3) until a page is empty, so
    /// ⌈buckets/100⌉ + 1 requests (a short page does not end the list: the server drops
    /// unreadable buckets after paging). A 401/403/404 is thrown as is (`isAccessRefusal`).
    func listBuckets(orgID: String) async throws -> [InfluxBucket]
    /// The org's secret keys (never values): `GET /api/v2/orgs/{orgID}/secrets` (§18.1), one
    /// request, no paging. 401 without `read:orgs/<id>/secrets`; 404 when the org is unknown
    /// or the token cannot read it (§18).
    func listSecretKeys(orgID: String) async throws -> [String]
    /// Whether org `orgID` has a bucket named `name`, whatever the token may read:
    /// `GET /api/v2/buckets?orgID=&name=` is an index lookup (§17.3) — 404 `bucket "<name>" not
    /// found` when there is none (false), 200 when there is one, even if the token may not read
    /// it and the list comes back empty (true). Nil when this client cannot tell (the default,
    /// in an extension). Other answers are thrown.
    func bucketExists(orgID: String, name: String) async throws -> Bool?
    /// True while a request of this client is past its deadline (being cut off): the apply
    /// lock does not renew its lease meanwhile. The default (in an extension) is false.
    var hasOverdueRequest: Bool { get }
}

extension InfluxAPIClient {
    /// Cannot tell (clients that do not implement the lookup).
    public func bucketExists(orgID: String, name: String) async throws -> Bool? { nil }

    /// False: a client without deadlines of its own never reports an overdue request.
    public var hasOverdueRequest: Bool { false }
}
