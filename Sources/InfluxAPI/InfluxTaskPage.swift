/// One page of `GET /api/v2/tasks` (influxdb-api.md §5.4), split so that a reader can ask for
/// the next page while this one is still being decoded: the `after` cursor that the page's
/// `links.next` names is read at once, the tasks only when `tasks()` is called.
public struct InfluxTaskPage: Sendable {
    /// The `after` query value of `links.next`: the ID of the page's last task, present only
    /// when the page is full (§5.4). nil when the server sent no `next`, or when the client
    /// does not read it (a reader then waits for `tasks()` to learn the cursor).
    public var nextAfter: String?
    private let decode: @Sendable () throws -> [InfluxTask]

    /// A page whose tasks are decoded by `decode`, at most once per call of `tasks()`.
    /// - Parameters:
    ///   - nextAfter: the cursor of `links.next`, or nil.
    ///   - decode: decodes the page's tasks; throws `InfluxAPIError` for a body that is not a
    ///     task list.
    public init(nextAfter: String?, decode: @escaping @Sendable () throws -> [InfluxTask]) {
        self.nextAfter = nextAfter
        self.decode = decode
    }

    /// A page already decoded; `nextAfter` nil.
    public init(tasks: [InfluxTask]) {
        self.nextAfter = nil
        self.decode = { tasks }
    }

    /// The page's tasks in ascending ID order, each with its labels.
    /// - Throws: `InfluxAPIError` when the body is not a task list.
    public func tasks() throws -> [InfluxTask] { try decode() }
}

extension InfluxAPIClient {
    /// `listTasks` as a page already decoded, without a `links.next` cursor: a client that
    /// cannot read the cursor ahead of the tasks is read one page after the other.
    /// - Throws: what `listTasks` throws.
    public func listTaskPage(orgID: String, after: String?, limit: Int) async throws -> InfluxTaskPage {
        InfluxTaskPage(tasks: try await listTasks(orgID: orgID, after: after, limit: limit))
    }
}
