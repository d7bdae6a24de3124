import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Serves every request: control API, request log, faults, authentication, routing, and the
/// headers every InfluxDB response carries (influxdb-api.md §1.2–§1.3).
final class SandboxResponder: Sendable {
    let ctx: APIContext
    let api: Router
    let control: Router
    let log: RequestLog
    let faults: FaultInjector
    /// The per-token request rate (`SandboxConfiguration.rateLimit`, control API).
    let rateLimiter: RateLimiter
    /// Requests being served right now (stop waits for them).
    let inFlight = Mutex(0)
    /// Set by `Sandbox.stop`: an injected latency still being waited out ends at once, so that
    /// stopping never waits for a fault's `latencyMs` (up to ten minutes).
    let stopping = Mutex(false)

    init(ctx: APIContext, rateLimit: SandboxRateLimit? = nil) {
        let log = RequestLog()
        let faults = FaultInjector()
        let rateLimiter = RateLimiter(limit: rateLimit)
        self.ctx = ctx
        self.rateLimiter = rateLimiter
        self.log = log
        self.faults = faults
        api = APIRoutes.router(ctx)
        control = ControlRoutes.router(ctx: ctx, log: log, faults: faults, rateLimiter: rateLimiter)
    }

    /// Sleeps `milliseconds` (a fault's `latencyMs`) in slices of at most 20 ms, ending early
    /// once the sandbox is stopping.
    private func waitOutLatency(milliseconds: Int) async {
        let deadline = ContinuousClock.now + .milliseconds(milliseconds)
        while !stopping.withLock({ $0 }) {
            let left = deadline - ContinuousClock.now
            if left <= .zero { return }
            try? await Task.sleep(for: min(left, .milliseconds(20)))
        }
    }

    /// Builds Hummingbird's response for a request.
    func respond(_ request: Request, _ context: SandboxContext) async throws -> Response {
        inFlight.withLock { $0 += 1 }
        defer { inFlight.withLock { $0 -= 1 } }
        let received = RequestLog.nowMilliseconds()
        let method = request.method.rawValue.uppercased()
        let rawPath = request.uri.path
        let rawQuery = request.uri.query ?? ""
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        let bytes = (try? await request.body.collect(upTo: 64 << 20)).map { Array($0.readableBytesView) } ?? []
        let path = Router.normalize(rawPath)
        var routeRequest = RouteRequest(method: method, path: path, query: QueryItems(raw: rawQuery), body: bytes, declaredLength: declared)

        if path == "/sandbox" || path.hasPrefix("/sandbox/") {
            return Self.response(stamped(await dispatch(control, &routeRequest, authenticate: false, header: nil)))
        }

        // The rate limit sits in front of everything else, as a gateway does: a refused request
        // is answered at once, never reaches a fault or a route, and takes nothing from the bucket.
        if let token = Authentication.token(fromHeader: request.headers[.authorization]),
            let retryAfter = rateLimiter.admit(token: token), let limit = rateLimiter.limit
        {
            let reply = stamped(RateLimiter.refusal(retryAfter: retryAfter, limit: limit))
            log.append(LoggedRequest(method: method, path: rawPath, query: rawQuery, status: reply.status, receivedMs: received))
            return Self.response(reply)
        }

        let template: String? = {
            if case .found(let route, _) = api.match(method: method, path: path) { return route.template }
            return nil
        }()
        let effect = faults.effect(method: method, path: path, template: template)
        if effect.latencyMs > 0 { await waitOutLatency(milliseconds: min(effect.latencyMs, 600_000)) }
        if effect.drop {
            log.append(LoggedRequest(method: method, path: rawPath, query: rawQuery, status: 0, receivedMs: received))
            try? await context.channel.close()
            throw CancellationError()
        }
        var reply: Reply
        if let location = effect.redirect {
            reply = Reply.empty(effect.status ?? 307).adding("Location", location)
        } else if let status = effect.status, effect.html {
            reply = Self.htmlErrorPage(status: status)
        } else if let status = effect.status {
            let code = APIError.Code.forStatus(status)
            reply = .error(APIError(code, effect.message ?? "injected fault: \(status)"))
            reply.status = status
            if let retryAfter = effect.retryAfter { reply = reply.adding("Retry-After", String(retryAfter)) }
        } else {
            let header = request.headers[.authorization]
            reply = await dispatch(api, &routeRequest, authenticate: !APIRoutes.publicPaths.contains(path), header: header)
        }
        reply = stamped(reply)
        if effect.dropAnswer {
            // Served (and stored) but never answered: logged as a dropped connection.
            log.append(LoggedRequest(method: method, path: rawPath, query: rawQuery, status: 0, receivedMs: received))
            try? await context.channel.close()
            throw CancellationError()
        }
        log.append(LoggedRequest(method: method, path: rawPath, query: rawQuery, status: reply.status, receivedMs: received))
        if effect.truncate { return Self.truncatedResponse(reply) }
        if effect.trickleMs > 0 { return Self.trickledResponse(reply, everyMs: effect.trickleMs) }
        return Self.response(reply)
    }

    /// An nginx-style HTML error page (fault `html`), `text/html`, several lines, with nginx's
    /// own titles for 502–504.
    private static func htmlErrorPage(status: Int) -> Reply {
        let nginxWords = [502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out"]
        let title = "\(status) \(nginxWords[status] ?? HTTPResponse.Status(code: status).reasonPhrase)"
        let page = "<html>\r\n<head><title>\(title)</title></head>\r\n<body>\r\n<center><h1>\(title)</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n"
        var reply = Reply.empty(status)
        reply.body = Array(page.utf8)
        return reply.adding("Content-Type", "text/html")
    }

    /// The reply's head at once, then its body one byte every `everyMs` milliseconds (fault
    /// `trickleMs`); stops when the client goes away.
    private static func trickledResponse(_ reply: Reply, everyMs: Int) -> Response {
        var headers = fields(reply)
        headers[.contentLength] = String(reply.body.count)
        let body = reply.body
        return Response(
            status: .init(code: reply.status),
            headers: headers,
            body: ResponseBody { writer in
                for byte in body {
                    try await Task.sleep(nanoseconds: UInt64(everyMs) * 1_000_000)
                    try await writer.write(ByteBuffer(bytes: [byte]))
                }
                try await writer.finish(nil)
            }
        )
    }

    private func dispatch(_ router: Router, _ request: inout RouteRequest, authenticate: Bool, header: String?) async -> Reply {
        if authenticate {
            switch ctx.store.read({ state in Authentication.authenticate(header: header, in: state) }) {
            case .failure(let error): return .error(error)
            case .success(let caller): request.caller = caller
            }
        }
        switch router.match(method: request.method, path: request.path) {
        case .notFound:
            return .error(.notFound("path not found"))
        case .methodNotAllowed(let allowed):
            return .error(APIError(.methodNotAllowed, "allow: \(allowed.joined(separator: ", "))"))
                .adding("Allow", allowed.joined(separator: ", "))
        case .found(let route, let params):
            request.params = params
            let reply = await route.handler(request)
            // A permission refusal of an inactive token names why: `token is inactive` (§19.10).
            if reply.status == 401, let caller = request.caller, caller.token.status != "active" {
                return .error(APIError(.unauthorized, "token is inactive"), layout: reply.body.last == 0x0A ? .tabIndented : .compact)
            }
            return reply
        }
    }

    /// Adds `X-Influxdb-Build` and `X-Influxdb-Version` (§1.3).
    private func stamped(_ reply: Reply) -> Reply {
        reply.adding("X-Influxdb-Build", ServerInfo.build).adding("X-Influxdb-Version", ServerInfo.version)
    }

    private static func fields(_ reply: Reply) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in reply.headers {
            if let n = HTTPField.Name(name) { fields.append(HTTPField(name: n, value: value)) }
        }
        return fields
    }

    private static func response(_ reply: Reply) -> Response {
        Response(
            status: .init(code: reply.status),
            headers: fields(reply),
            body: reply.body.isEmpty ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body))
        )
    }

    /// The reply with its full `Content-Length` but only half of the body, then the connection
    /// is closed (fault `truncate`).
    private static func truncatedResponse(_ reply: Reply) -> Response {
        var headers = fields(reply)
        headers[.contentLength] = String(reply.body.count)
        let half = Array(reply.body.prefix(reply.body.count / 2))
        return Response(
            status: .init(code: reply.status),
            headers: headers,
            body: ResponseBody { writer in
                if !half.isEmpty { try await writer.write(ByteBuffer(bytes: half)) }
                throw CancellationError()
            }
        )
    }
}
