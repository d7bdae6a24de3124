import AsyncHTTPClient
import Foundation
import InfluxAPI
import NIOCore
import NIOHTTP1
import Synchronization

/// The `InfluxAPIClient` that talks HTTP to an InfluxDB 2.x server (or the sandbox), through
/// one AsyncHTTPClient `HTTPClient` it owns.
///
/// - Authentication: every request carries `Authorization: Token <token>` (§2); the token
///   appears nowhere else (not in errors, not in `RequestRecord`s).
/// - Errors: a non-2xx answer becomes `InfluxAPIError` with the status and the envelope's
///   `code`/`message` (§1.2); a failure without an answer (connection refused, timeout, DNS,
///   TLS) becomes `InfluxAPIError` with `status == nil`, a plain message naming the server and
///   a hint (`TransportFailure`).
/// - Deadline: each attempt has one deadline, `requestTimeoutSeconds` from its start, for the
///   response head **and** the whole body. A server (or proxy) that answers slowly, trickles
///   the body or never answers is cut off at that deadline and the attempt fails with "no
///   complete answer … within N s"; such an attempt is never retried, so a request never takes
///   longer than the limit the message names. `hasOverdueRequest` tells the apply lock not to
///   renew its lease while an attempt is past its deadline.
/// - Redirects: never followed. InfluxDB never redirects an API request, so a 3xx means a
///   proxy or a wrong URL is in the way; it becomes an error naming the status and the
///   `Location`, with a hint to point `--host` there.
/// - Retries: see `RetryPolicy` (429/503 honour `Retry-After` in seconds, §15.1). The wait
///   after a 429/503 is shared (`SharedBackoff`): concurrent requests of the same client hold
///   their next send until it is over, so a throttled apply slows down as a whole.
/// - Adaptive concurrency: with `adaptiveConcurrency`, at most `ConcurrencyGate.limit`
///   attempts are in flight at once; the limit grows while answers are fast and clean and
///   shrinks on 429/503 and on rising latency (`AdaptiveConcurrencyLimit`). A throttled attempt
///   both shrinks the limit and holds the whole client for its `Retry-After`.
///
/// Call `shutdown()` once when done; the client cannot be used afterwards.
public final class InfluxHTTPClient: InfluxAPIClient {
    /// The server root, e.g. `http://localhost:8086`, without a trailing slash.
    public let baseURL: String
    private let token: String
    private let retryPolicy: RetryPolicy
    private let observer: RequestObserver?
    private let http: HTTPClient
    private let backoff: SharedBackoff
    /// What the waits between attempts (backoff, `Retry-After`) sleep on; the deadline of an
    /// attempt is always real time.
    private let clock: any Clock<Duration>
    private let requestTimeoutSeconds: Double
    private let deadlines = AttemptDeadlines()
    /// Set once any HTTP answer arrived: a later transport failure is then a lost answer, not
    /// a wrong URL.
    private let answered = AnsweredFlag()
    /// The adaptive limit on attempts in flight; nil when the caller bounds concurrency itself.
    public let concurrencyGate: ConcurrencyGate?
    /// Set by `stopRetrying()`: no request is sent again, and no wait for a retry is finished.
    private let retriesStopped = AnsweredFlag()
    /// Set when an applier's write (`InterruptibleRequests.active`) was refused (429/503) through
    /// all its retries, cleared by the next 2xx answer: while set, the other writes under way
    /// take their next refusal as final instead of spending their own retries one after the
    /// other (with `--parallelism auto` and a server that throttles for good, 64 writes did,
    /// for hours). The apply has failed by then; the lock's release keeps its retries.
    private let writesThrottledOut = AnsweredFlag()
    /// When the refusals (429/503) without a 2xx answer in between began; nil after a 2xx.
    private let throttledSince = Mutex<ContinuousClock.Instant?>(nil)

    /// Stops every retry from now on (SIGINT/SIGTERM during an apply): a request throttled
    /// (429/503, not carried out) or failed is not sent again — its error is returned at once,
    /// also from a `Retry-After` wait already begun — so that nothing new reaches the server
    /// after the signal. Attempts in flight finish; first attempts are the caller's to stop.
    public func stopRetrying() {
        retriesStopped.set()
        backoff.stopWaiting()
    }

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: `http(s)://host[:port]`, optionally with a path prefix; a trailing `/` is
    ///     ignored.
    ///   - token: the API token (sent as `Authorization: Token <token>`).
    ///   - retryPolicy: when to send a request again.
    ///   - connectTimeoutSeconds: how long to wait for a TCP connection.
    ///   - requestTimeoutSeconds: the deadline of one attempt, in seconds, for the response head
    ///     and the whole body together (may be fractional).
    ///   - tls: how an `https://` server's certificate is checked (`--skip-verify`, `--ca-cert`).
    ///   - observer: called once per HTTP attempt (for `-v`).
    ///   - adaptiveConcurrency: let at most `concurrencyGate.limit` attempts be in flight at
    ///     once, a limit the server's answers set (`--parallelism auto`); false sends whatever
    ///     the caller starts.
    ///   - clock: what the waits between attempts (retry backoff, `Retry-After`) sleep on; tests
    ///     pass one that only records them. Each attempt's deadline runs on real time.
    /// - Throws: `InfluxAPIError` when `baseURL` is not an `http`/`https` URL with a host, or
    ///   the CA certificate file cannot be used.
    public init(
        baseURL: String, token: String, retryPolicy: RetryPolicy = .default,
        connectTimeoutSeconds: Int64 = 10, requestTimeoutSeconds: Double = 60,
        tls: TLSOptions = TLSOptions(), observer: RequestObserver? = nil, adaptiveConcurrency: Bool = false,
        clock: any Clock<Duration> = ContinuousClock()
    ) throws {
        var trimmed = baseURL.trimmingCharacters(in: .whitespacesAndNewlines)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else {
            throw Self.settingsRefusal(
                "invalid server URL \"\(Self.redactingCredentials(baseURL))\"", hint: "write the URL as http://host:port or https://host:port")
        }
        // A port past 65535 would trap deep in the HTTP library (and one past 2^64 is read
        // as no port at all): the port is read from the text itself.
        if let port = Self.portText(trimmed), Int(port).map({ (1...65535).contains($0) }) != true {
            throw Self.settingsRefusal(
                "invalid server URL \"\(Self.redactingCredentials(baseURL))\": port \(port) is not a port number",
                hint: "a port is a number from 1 to 65535, as in http://localhost:8086")
        }
        // A query or fragment would be glued into every request's path (and a query may hold
        // a secret): refuse it, as for credentials below.
        if url.query != nil || url.fragment != nil || trimmed.contains("?") || trimmed.contains("#") {
            throw Self.settingsRefusal(
                "the server URL \"\(Self.redactingCredentials(Self.withoutQuery(baseURL)))\" has a query or fragment (after ? or #)",
                hint: "give the URL as scheme, host, port and path only, as in http://localhost:8086")
        }
        // A user name or password in the URL would be printed in every message that names the
        // server (and InfluxDB's API does not take them): refuse it, without echoing it.
        if url.user != nil || url.password != nil {
            throw Self.settingsRefusal(
                "the server URL \"\(Self.redactingCredentials(baseURL))\" holds a user name or password",
                hint: "InfluxDB's API authenticates with a token: give the URL without credentials and the token with --token or INFLUX_TOKEN")
        }
        // A line break (or another control character) in the token would end the header line
        // early; the request could not be sent. Said plainly, without the token.
        if token.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw Self.settingsRefusal(
                "the token holds a line break or another control character",
                hint: "check the token given with --token, INFLUX_TOKEN or the token file: it must be one line")
        }
        self.baseURL = trimmed
        self.token = token
        self.retryPolicy = retryPolicy
        self.observer = observer
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.clock = clock
        self.backoff = SharedBackoff(clock: clock)
        self.concurrencyGate = adaptiveConcurrency ? ConcurrencyGate() : nil
        let limit = TimeAmount.nanoseconds(Int64(requestTimeoutSeconds * 1e9))
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: try tls.configuration(),
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(connectTimeoutSeconds), read: limit)
        )
        // Fail a request as soon as its connection attempt fails (instead of retrying until the
        // connect timeout): this client decides itself what to retry (RetryPolicy).
        configuration.connectionPool.retryConnectionEstablishment = false
        // AsyncHTTPClient opens at most 8 HTTP/1.1 connections per host by default and queues
        // the rest inside the pool: past 8 requests at once they would only wait there (and
        // `--parallelism auto` would read that wait as the server slowing down). Allow as many
        // connections as apply ever has requests in flight (`--parallelism` at most 64).
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = Self.maxConnectionsPerHost
        self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The most connections the client keeps open to the server: the largest `--parallelism`.
    public static let maxConnectionsPerHost = 64

    /// True while an attempt of this client is past its deadline (it is being cut off). The
    /// apply lock does not renew its lease meanwhile: a stalled apply must not keep the lock.
    public var hasOverdueRequest: Bool { deadlines.hasOverdue(at: ContinuousClock.now) }

    /// Closes every connection. Call exactly once, after the last request has finished.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    // MARK: - InfluxAPIClient

    /// `GET /api/v2/orgs?org=<name>` (§11). An org that exists but is hidden from the token
    /// (200 with `orgs: []`) is reported as an error too.
    ///
    /// When the org is unknown (404) or hidden, the error's hint names the orgs the token can
    /// see (`GET /api/v2/orgs`, one more read), so a misspelt `--org` shows the right name.
    public func findOrg(name: String) async throws -> InfluxOrg {
        let target = "/api/v2/orgs" + Self.query([("org", name)])
        let envelope: OrgsEnvelope
        do {
            envelope = try await send("GET", target)
        } catch var error as InfluxAPIError where error.status == 404 {
            error.hint = await visibleOrgsHint()
            throw error
        }
        guard let org = envelope.orgs.first else {
            throw InfluxAPIError(
                method: "GET", path: target, status: 200, code: "not found",
                message: "organization \"\(name)\" is not visible to this token",
                hint: await visibleOrgsHint())
        }
        return org
    }

    /// `the token can see the orgs "a", "b": pass one with --org (or INFLUX_ORG)`, or that it
    /// sees none; nil when the list cannot be read (§11: the list holds the orgs the token may
    /// read, `read:orgs/<orgID>`).
    private func visibleOrgsHint() async -> String? {
        guard let envelope: OrgsEnvelope = try? await send("GET", "/api/v2/orgs") else { return nil }
        let names = envelope.orgs.map(\.name).sorted()
        if names.isEmpty {
            return "the token can see no org: it needs read permission on the org (read:orgs/<orgID>; `influx auth create --org NAME --read-orgs …`)"
        }
        let shown = names.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ") + (names.count > 10 ? ", …" : "")
        return "the token can see the org\(names.count == 1 ? "" : "s") \(shown): pass one with --org (or INFLUX_ORG)"
    }

    /// `GET /api/v2/orgs/{id}` (§11).
    public func findOrg(id: String) async throws -> InfluxOrg {
        try await send("GET", "/api/v2/orgs/" + Self.segment(id))
    }

    /// `GET /api/v2/labels?orgID=` (§10.2).
    public func listLabels(orgID: String) async throws -> [InfluxLabel] {
        let envelope: LabelsEnvelope = try await send("GET", "/api/v2/labels" + Self.query([("orgID", orgID)]))
        return envelope.labels
    }

    /// Every bucket of the org: `GET /api/v2/buckets?orgID=&limit=100&offset=` (§17.3), with
    /// `offset` raised by 100 until a page is empty (offsets count the server's entries before
    /// its permission filter, so a short page is not the end). Stops as well when a page holds
    /// only buckets seen already (a server that ignores `offset`).
    public func listBuckets(orgID: String) async throws -> [InfluxBucket] {
        var all: [InfluxBucket] = []
        var seen = Set<String>()
        var offset = 0
        while true {
            let envelope: BucketsEnvelope = try await send(
                "GET",
                "/api/v2/buckets"
                    + Self.query([
                        ("orgID", orgID), ("limit", "\(Self.bucketPageSize)"), ("offset", "\(offset)"),
                    ]))
            let fresh = envelope.buckets.filter { seen.insert($0.id).inserted }
            if fresh.isEmpty { return all }
            all += fresh
            offset += Self.bucketPageSize
        }
    }

    /// `GET /api/v2/buckets?orgID=&name=` (§17.3): true on 200 (the bucket exists, even when
    /// the token may not read it and the list is empty), false on 404.
    public func bucketExists(orgID: String, name: String) async throws -> Bool? {
        do {
            let _: BucketsEnvelope = try await send("GET", "/api/v2/buckets" + Self.query([("orgID", orgID), ("name", name)]))
            return true
        } catch let error as InfluxAPIError where error.status == 404 && error.code == "not found" {
            return false
        }
    }

    /// Buckets asked for per page: the most `GET /api/v2/buckets` allows (§17.3).
    static let bucketPageSize = 100

    /// `GET /api/v2/orgs/{orgID}/secrets` (§18.1): the keys, in the server's order.
    public func listSecretKeys(orgID: String) async throws -> [String] {
        let envelope: SecretKeysEnvelope = try await send("GET", "/api/v2/orgs/" + Self.segment(orgID) + "/secrets")
        return envelope.secrets
    }

    /// `POST /api/v2/labels` (§10.1); 201.
    public func createLabel(_ request: LabelCreateRequest) async throws -> InfluxLabel {
        let envelope: LabelEnvelope = try await send("POST", "/api/v2/labels", body: request)
        return envelope.label
    }

    /// `PATCH /api/v2/labels/{id}` (§10.4).
    public func updateLabel(id: String, _ request: LabelUpdateRequest) async throws -> InfluxLabel {
        let envelope: LabelEnvelope = try await send("PATCH", "/api/v2/labels/" + Self.segment(id), body: request)
        return envelope.label
    }

    /// `DELETE /api/v2/labels/{id}` (§10.5); 204.
    public func deleteLabel(id: String) async throws {
        _ = try await exchange("DELETE", "/api/v2/labels/" + Self.segment(id), body: nil)
    }

    /// `GET /api/v2/tasks?orgID=&after=&limit=` (§5): one page, never `type=basic`.
    public func listTasks(orgID: String, after: String?, limit: Int) async throws -> [InfluxTask] {
        let envelope: TasksEnvelope = try await send("GET", Self.tasksTarget(orgID: orgID, after: after, limit: limit))
        return envelope.tasks
    }

    /// `GET /api/v2/tasks?orgID=&after=&limit=` (§5): one page, with the `after` cursor of its
    /// `links.next` (§5.4) read at once and the tasks decoded when asked for. Reading the cursor
    /// costs one pass over the body; decoding the tasks (most of a page's cost) can then run
    /// while the next page is on its way.
    public func listTaskPage(orgID: String, after: String?, limit: Int) async throws -> InfluxTaskPage {
        let target = Self.tasksTarget(orgID: orgID, after: after, limit: limit)
        let answer = try await exchange("GET", target, body: nil)
        // The cursor is wanted before the page is decoded (the next page is asked for at once):
        // InfluxDB writes `links` first (§5.4), so only those bytes are decoded; otherwise the
        // whole body. A wrong early cursor costs one request, never a wrong page (the reader
        // checks it against the decoded page).
        let links = TasksLinksEnvelope.leading(in: answer.body) ?? (try? JSONDecoder().decode(TasksLinksEnvelope.self, from: answer.body))
        return InfluxTaskPage(nextAfter: links?.links?.next.flatMap(Self.afterCursor)) {
            let envelope: TasksEnvelope = try Self.decode(answer, method: "GET", target: target)
            return envelope.tasks
        }
    }

    /// `/api/v2/tasks?orgID=…[&after=…]&limit=…`.
    private static func tasksTarget(orgID: String, after: String?, limit: Int) -> String {
        var items = [("orgID", orgID)]
        if let after { items.append(("after", after)) }
        items.append(("limit", String(limit)))
        return "/api/v2/tasks" + query(items)
    }

    /// The `after` query value of a `links.next` target such as
    /// `/api/v2/tasks?after=0a1b…&limit=500&orgID=…`; nil when it has none.
    static func afterCursor(_ next: String) -> String? {
        URLComponents(string: next)?.queryItems?.first(where: { $0.name == "after" })?.value.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `GET /api/v2/tasks/{id}` (§6).
    public func getTask(id: String) async throws -> InfluxTask {
        try await send("GET", "/api/v2/tasks/" + Self.segment(id))
    }

    /// `POST /api/v2/tasks` (§4); 201.
    public func createTask(_ request: TaskCreateRequest) async throws -> InfluxTask {
        try await send("POST", "/api/v2/tasks", body: request)
    }

    /// `PATCH /api/v2/tasks/{id}` (§7).
    public func updateTask(id: String, _ request: TaskUpdateRequest) async throws -> InfluxTask {
        try await send("PATCH", "/api/v2/tasks/" + Self.segment(id), body: request)
    }

    /// `DELETE /api/v2/tasks/{id}` (§8); 204.
    public func deleteTask(id: String) async throws {
        _ = try await exchange("DELETE", "/api/v2/tasks/" + Self.segment(id), body: nil)
    }

    /// `POST /api/v2/tasks/{id}/labels` (§9.3); 201. A 422 `conflict` (already attached) is
    /// thrown like any other error; the caller decides that it means "goal met".
    public func addTaskLabel(taskID: String, labelID: String) async throws {
        _ = try await exchange(
            "POST", "/api/v2/tasks/" + Self.segment(taskID) + "/labels",
            body: try Self.encode(LabelMappingRequest(labelID: labelID)))
    }

    /// `DELETE /api/v2/tasks/{id}/labels/{labelID}` (§9.4); 204.
    public func removeTaskLabel(taskID: String, labelID: String) async throws {
        _ = try await exchange("DELETE", "/api/v2/tasks/" + Self.segment(taskID) + "/labels/" + Self.segment(labelID), body: nil)
    }

    /// `GET /api/v2/tasks/{id}/runs?afterTime=&beforeTime=&limit=` (§12.3).
    public func listRuns(taskID: String, afterTime: String?, beforeTime: String?, limit: Int) async throws -> [InfluxRun] {
        var items: [(String, String)] = []
        if let afterTime { items.append(("afterTime", afterTime)) }
        if let beforeTime { items.append(("beforeTime", beforeTime)) }
        items.append(("limit", String(limit)))
        let envelope: RunsEnvelope = try await send("GET", "/api/v2/tasks/" + Self.segment(taskID) + "/runs" + Self.query(items))
        return envelope.runs
    }

    // MARK: - Sending

    /// Sends a request with an optional JSON body and decodes a JSON answer.
    func send<Response: Decodable>(_ method: String, _ target: String, body: (any Encodable)? = nil) async throws -> Response {
        let data = try body.map { try Self.encode($0) }
        return try Self.decode(try await exchange(method, target, body: data), method: method, target: target)
    }

    /// Decodes a 2xx answer's JSON body.
    /// - Throws: `InfluxAPIError` "unexpected response body: …" naming the request.
    static func decode<Response: Decodable>(_ answer: (status: Int, body: Data), method: String, target: String) throws -> Response {
        do {
            return try JSONDecoder().decode(Response.self, from: answer.body)
        } catch {
            throw InfluxAPIError(
                method: method, path: target, status: answer.status, code: nil,
                message: "unexpected response body: \(Self.describe(decodingError: error))")
        }
    }

    /// Sends one logical request, retrying as `retryPolicy` allows; returns a 2xx answer or
    /// throws `InfluxAPIError`.
    func exchange(_ method: String, _ target: String, body: Data?) async throws -> (status: Int, body: Data) {
        var throttleRetries = 0
        var readRetries = 0
        var lastError: InfluxAPIError?
        let stopped = retriesStopped
        while true {
            // Once retries are stopped, no wait for a shared `Retry-After` goes on (an
            // interrupted command must end before CI's grace period); a retry is not sent, nor
            // an applier's request not sent yet (`InterruptibleRequests`). Others go out now
            // (the apply lock's release).
            let abandonable = lastError != nil || InterruptibleRequests.active
            try await backoff.waitForTurn()
            if abandonable && stopped.isSet { throw Self.notSent(method, target, lastError: lastError) }
            let attempt: Attempt
            do {
                attempt = try await gatedAttempt(method, target, body: body, retrying: throttleRetries > 0, abandonable: abandonable)
            } catch is RetryStopped {
                throw Self.notSent(method, target, lastError: lastError)
            }
            switch attempt {
            case .answer(let status, let headers, let data):
                if (200..<300).contains(status) {
                    if writesThrottledOut.isSet { writesThrottledOut.clear() }
                    throttledSince.withLock { $0 = nil }
                    return (status, data)
                }
                if (300..<400).contains(status) {
                    throw Self.redirectError(method: method, target: target, status: status, location: headers.first(name: "Location"), baseURL: baseURL)
                }
                let error = Self.apiError(
                    method: method, target: target, status: status, body: data,
                    contentType: headers.first(name: "Content-Type"))
                if status == 429 || status == 503 {
                    let write = InterruptibleRequests.active
                    let now = ContinuousClock.now
                    let since = throttledSince.withLock { start in
                        if start == nil { start = now }
                        return start!
                    }
                    let throttledTooLong = write && now - since >= .milliseconds(Int64(retryPolicy.maxThrottledSeconds * 1000))
                    guard throttleRetries < retryPolicy.maxThrottleRetries, !stopped.isSet, !(write && writesThrottledOut.isSet), !throttledTooLong else {
                        if write && throttleRetries >= retryPolicy.maxThrottleRetries { writesThrottledOut.set() }
                        throw error
                    }
                    lastError = error
                    throttleRetries += 1
                    let delay: Double
                    if let seconds = RetryPolicy.retryAfterSeconds(headers.first(name: "Retry-After")) {
                        guard seconds <= retryPolicy.maxRetryAfterSeconds else {
                            var refused = error
                            refused.hint =
                                "the server asked to wait \(seconds) s (Retry-After) before this request is sent again, longer than the \(retryPolicy.maxRetryAfterSeconds) s influxsync waits: run the command again later"
                            throw refused
                        }
                        delay = Double(seconds)
                    } else {
                        delay = retryPolicy.jitteredBackoff(retry: throttleRetries, unit: Double.random(in: 0..<1))
                    }
                    backoff.hold(seconds: delay)
                    continue
                }
                if method == "GET", status >= 500, readRetries < retryPolicy.maxReadRetries, !stopped.isSet {
                    readRetries += 1
                    lastError = error
                    try await pause(seconds: retryPolicy.jitteredBackoff(retry: readRetries, unit: Double.random(in: 0..<1)))
                    continue
                }
                throw error
            case .failure(let error):
                var words = TransportFailure.describe(
                    error, baseURL: baseURL, timeoutSeconds: requestTimeoutSeconds,
                    answeredBefore: answered.isSet)
                if method != "GET", TransportFailure.isTimeout(error) {
                    // The server may still carry it out after we stopped waiting: an apply run
                    // again at once could create a second copy of what it is still creating.
                    words.hint =
                        "the server may still carry out this \(method) after influxsync stopped waiting: run plan in a minute to see where the org stands before applying again; if the server is only slow, raise the limit with --request-timeout, e.g. --request-timeout 2m"
                }
                let apiError = InfluxAPIError(
                    method: method, path: target, status: nil, code: nil,
                    message: words.message, hint: words.hint)
                if method == "GET", readRetries < retryPolicy.maxReadRetries, !(error is CancellationError),
                    !TransportFailure.isTimeout(error), !stopped.isSet
                {
                    readRetries += 1
                    lastError = apiError
                    try await pause(seconds: retryPolicy.jitteredBackoff(retry: readRetries, unit: Double.random(in: 0..<1)))
                    continue
                }
                throw apiError
            }
        }
    }

    /// Waits `seconds` on the client's clock before a read is sent again.
    private func pause(seconds: Double) async throws {
        try await clock.sleep(for: .nanoseconds(Int64(seconds * 1_000_000_000)))
    }

    /// One attempt, through the concurrency gate when there is one: waits for its turn there
    /// (and again for a shared hold that began meanwhile), then reports the answer's latency or
    /// its throttling back to the limit.
    private func gatedAttempt(_ method: String, _ target: String, body: Data?, retrying: Bool, abandonable: Bool) async throws -> Attempt {
        guard let gate = concurrencyGate else { return await attemptOnce(method, target, body: body) }
        let ticket = await gate.enter(retrying: retrying)
        let stopped = retriesStopped
        do {
            try await backoff.waitForTurn()
            if abandonable && stopped.isSet { throw RetryStopped() }
        } catch {
            gate.leave(ticket, outcome: .failed)
            throw error
        }
        let started = ContinuousClock.now
        let attempt = await attemptOnce(method, target, body: body)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        gate.leave(ticket, outcome: Self.loadSignal(attempt, milliseconds: milliseconds))
        return attempt
    }

    /// A retry given up at the gate because `stopRetrying()` was called while it waited.
    private struct RetryStopped: Error {}

    /// What a request given up after `stopRetrying()` throws: `RequestNotSent` for an applier's
    /// request (its change is reported as stopped, not failed), else the last error it got.
    private static func notSent(_ method: String, _ target: String, lastError: InfluxAPIError?) -> any Error {
        if InterruptibleRequests.active || lastError == nil { return RequestNotSent(method: method, path: target) }
        return lastError!
    }

    /// The largest answer body read (256 MiB); a longer one fails the attempt.
    static let maxAnswerBytes = 256 * 1024 * 1024

    /// `url` with anything between `://` and an `@` before the host (credentials) shown as
    /// `***`, so that no message prints a password.
    static func redactingCredentials(_ url: String) -> String {
        let authority = authorityRange(of: url)
        guard let at = url[authority].lastIndex(of: "@") else { return url }
        return String(url[..<authority.lowerBound]) + "***" + String(url[at...])
    }

    /// Where `url`'s authority (`user:pw@host:port`) lies: after `://` (or from the start,
    /// without a scheme) up to the first `/`, `?` or `#`.
    private static func authorityRange(of url: String) -> Range<String.Index> {
        let start = url.range(of: "://")?.upperBound ?? url.startIndex
        return start..<(url[start...].firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? url.endIndex)
    }

    /// The error a client refuses to be made with (a bad URL or token): no request was sent.
    private static func settingsRefusal(_ message: String, hint: String) -> InfluxAPIError {
        InfluxAPIError(method: "", path: "", status: nil, code: nil, message: message, hint: hint)
    }

    /// `url` up to its first `?` or `#` (a query may hold a secret: never printed).
    static func withoutQuery(_ url: String) -> String {
        String(url[..<(url.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? url.endIndex)])
    }

    /// The text after the host's `:` in `url`'s authority, nil when there is none or it is
    /// empty (`http://[::1]:8086` gives `8086`).
    static func portText(_ url: String) -> String? {
        var hostPort = url[authorityRange(of: url)]
        if let at = hostPort.lastIndex(of: "@") { hostPort = hostPort[hostPort.index(after: at)...] }
        if let bracket = hostPort.lastIndex(of: "]") { hostPort = hostPort[hostPort.index(after: bracket)...] }
        guard let colon = hostPort.lastIndex(of: ":"), hostPort.index(after: colon) < hostPort.endIndex else { return nil }
        return String(hostPort[hostPort.index(after: colon)...])
    }

    /// What an attempt says about the server's load: 429/503 throttle, another 5xx or no
    /// answer says nothing, any other answer gives its latency.
    private static func loadSignal(_ attempt: Attempt, milliseconds: Double) -> AdaptiveConcurrencyLimit.Outcome {
        guard case .answer(let status, _, _) = attempt else { return .failed }
        if status == 429 || status == 503 { return .throttled }
        return status >= 500 ? .failed : .answered(milliseconds: milliseconds)
    }

    private enum Attempt {
        case answer(status: Int, headers: HTTPHeaders, body: Data)
        case failure(any Error)
    }

    /// One HTTP attempt, head and body within one deadline; reports it to the observer.
    private func attemptOnce(_ method: String, _ target: String, body: Data?) async -> Attempt {
        var request = HTTPClientRequest(url: baseURL + target)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Authorization", value: "Token " + token)
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "influxsync")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let started = ContinuousClock.now
        let nanoseconds = Int64(requestTimeoutSeconds * 1e9)
        let limit = Duration.nanoseconds(nanoseconds)
        let ticket = deadlines.begin(deadline: started + limit)
        let result: Attempt
        do {
            let (http, request) = (self.http, request)
            let (status, headers, data) = try await AttemptDeadline.run(within: limit) {
                let response = try await http.execute(request, deadline: .now() + .nanoseconds(nanoseconds))
                let buffer = try await response.body.collect(upTo: Self.maxAnswerBytes)
                return (Int(response.status.code), response.headers, Data(buffer.readableBytesView))
            }
            answered.set()
            result = .answer(status: status, headers: headers, body: data)
        } catch {
            result = .failure(error)
        }
        deadlines.end(ticket)
        if let observer {
            let elapsed = ContinuousClock.now - started
            let ms = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            let status: Int? = if case .answer(let status, _, _) = result { status } else { nil }
            observer(RequestRecord(method: method, target: target, status: status, milliseconds: ms))
        }
        return result
    }

    // MARK: - Helpers

    /// The error for a non-2xx answer: the envelope's `code`/`message` when the body is one;
    /// an HTML page (a proxy's error page) as one line, `Gateway Time-out (an HTML page, likely
    /// from a proxy)`; else the body text on one line (or the status's reason phrase when
    /// empty), at most 500 characters.
    static func apiError(method: String, target: String, status: Int, body: Data, contentType: String? = nil) -> InfluxAPIError {
        if let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: body),
            envelope.code != nil || envelope.message != nil
        {
            // Cut as a plain-text body is: a server's megabyte of message is not printed whole.
            return InfluxAPIError(
                method: method, path: target, status: status, code: envelope.code.map { Self.cut($0, to: 100) },
                message: Self.cut(envelope.message ?? "", to: 500))
        }
        let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
        if let page = HTMLErrorPage(body: body, contentType: contentType) {
            let title = page.title(withoutStatus: status) ?? reason
            return InfluxAPIError(
                method: method, path: target, status: status, code: nil,
                message: "\(title) (an HTML page, likely from a proxy)")
        }
        var text = HTMLErrorPage.oneLine(String(decoding: body, as: UTF8.self))
        if text.isEmpty { text = reason.lowercased() }
        return InfluxAPIError(method: method, path: target, status: status, code: nil, message: cut(text, to: 500))
    }

    /// `text` when at most `limit` characters, else its first `limit` and `…`.
    static func cut(_ text: String, to limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    /// The error for a 3xx answer, which is never followed: InfluxDB does not redirect API
    /// requests, so a proxy or a wrong URL is in the way. Names the status and the
    /// `Location` (resolved against the request URL), and hints at `--host`.
    static func redirectError(method: String, target: String, status: Int, location: String?, baseURL: String) -> InfluxAPIError {
        let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
        guard let location, !location.isEmpty else {
            return InfluxAPIError(
                method: method, path: target, status: status, code: nil,
                message: "\(reason) with no Location (not followed: InfluxDB never redirects API requests, so a proxy or a wrong URL is in the way)",
                hint: "check the URL in --host or INFLUX_HOST")
        }
        let resolved = URL(string: location, relativeTo: URL(string: baseURL + target))?.absoluteURL
        let shown = HTMLErrorPage.oneLine(resolved?.absoluteString ?? location)
        var hint = "check the URL in --host or INFLUX_HOST"
        if let resolved, let scheme = resolved.scheme, let host = resolved.host {
            let origin = scheme + "://" + (host.contains(":") ? "[\(host)]" : host) + (resolved.port.map { ":\($0)" } ?? "")
            hint = "if \(HTMLErrorPage.oneLine(origin)) is your InfluxDB server, point --host (or INFLUX_HOST) at it; otherwise check the URL and the proxies in between"
        }
        return InfluxAPIError(
            method: method, path: target, status: status, code: nil,
            message: "\(reason) to \(shown) (not followed: InfluxDB never redirects API requests, so a proxy or a wrong URL is in the way)",
            hint: hint)
    }

    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// `?k=v&k2=v2` with RFC 3986 percent-encoding, in the given order; `""` when empty.
    static func query(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// One percent-encoded path segment.
    static func segment(_ value: String) -> String { escape(value) }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    private static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    private static func describe(decodingError error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "missing field \"\(jsonPath(context.codingPath + [key]))\""
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "wrong type at \"\(jsonPath(context.codingPath))\""
        case .dataCorrupted(let context)?:
            return context.codingPath.isEmpty ? "not JSON" : "bad value at \"\(jsonPath(context.codingPath))\""
        default:
            return "not the expected JSON"
        }
    }

    /// A decoder's coding path as a JSON path: `orgs[0].id` (the decoder names array
    /// positions `Index 0`, its own wording).
    static func jsonPath(_ keys: [any CodingKey]) -> String {
        var path = ""
        for key in keys {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += (path.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return path
    }
}
