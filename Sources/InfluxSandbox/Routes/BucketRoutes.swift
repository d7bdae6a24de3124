/// /api/v2/buckets (influxdb-api.md §17): tab-indented JSON.
enum BucketRoutes {
    private static func fail(_ e: APIError) -> Reply { .error(e, layout: .tabIndented) }
    private static func ok(_ status: Int, _ v: JSONValue) -> Reply { .json(status, v, layout: .tabIndented) }

    /// GET /api/v2/buckets (§17.3): `id` alone wins; `orgID` wins over `org`; `name` with an
    /// org is a lookup (404 when missing); paging before permission filtering.
    static func list(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let q = request.query
        let caller = request.caller!
        let options: FindOptions
        switch FindOptions.decode(q) {
        case .success(let o): options = o
        case .failure(let e): return fail(e)
        }
        return ctx.read { state in
            var linkParams: [(String, String)] = []
            var candidates: [StoredBucket]
            if !q["id"].isEmpty {
                let id: String
                do { id = try Identifier.parse(q["id"]) } catch { return fail(.invalid(goMessage(error))) }
                guard let bucket = state.buckets[id] else { return fail(.notFound("bucket not found")) }
                candidates = [bucket]
                linkParams.append(("id", q["id"]))
            } else {
                var orgID: String?
                if !q["orgID"].isEmpty {
                    do { orgID = try Identifier.parse(q["orgID"]) } catch { return fail(.invalid(goMessage(error))) }
                    linkParams.append(("orgID", q["orgID"]))
                } else if !q["org"].isEmpty {
                    guard let org = state.org(named: q["org"]) else {
                        return fail(.notFound("organization name \(goQuote(q["org"].trimmingWhitespace())) not found"))
                    }
                    orgID = org.id
                    linkParams.append(("org", q["org"]))
                }
                let name = q.has("name") && !q["name"].isEmpty ? q["name"] : nil
                if let name { linkParams.append(("bucket", name)) }
                if let orgID {
                    candidates = state.buckets(ofOrg: orgID)
                    if let name {
                        guard let bucket = candidates.first(where: { $0.name == name }) else {
                            return fail(.notFound("bucket \(goQuote(name)) not found"))
                        }
                        candidates = [bucket]
                    }
                } else {
                    candidates = state.buckets.values.sorted { $0.id < $1.id }
                    if let name { candidates = candidates.filter { $0.name == name } }
                }
            }
            if options.descending { candidates.reverse() }
            var page = Array(candidates.dropFirst(max(0, options.offset)))
            if let after = options.after {
                if let index = page.firstIndex(where: { $0.id == after }) { page = Array(page[(index + 1)...]) } else { page = [] }
                linkParams.append(("after", after))
            }
            page = Array(page.prefix(options.limit)).filter { caller.allows($0.readPermission) }
            let links = pageLinks(linkParams, options: options, count: page.count)
            let items = page.map { Rendering.bucket($0, labels: state.labels(ofResource: $0.id).filter { caller.may("read", "labels", org: $0.orgID, id: $0.id) }) }
            return ok(200, .object(["links": .object(links), "buckets": .array(items)]))
        }
    }

    /// `self`, `next` (when the page is full) and `prev` (when `offset` > 0), with Go's sorted
    /// query encoding (§17.3).
    private static func pageLinks(_ params: [(String, String)], options: FindOptions, count: Int) -> JSONObject {
        func link(offset: Int) -> String {
            var all = params
            all.append(("descending", options.descending ? "true" : "false"))
            all.append(("limit", String(options.limit)))
            all.append(("offset", String(offset)))
            let query = all.sorted { $0.0 < $1.0 }.map { "\(QueryItems.escape($0.0))=\(QueryItems.escape($0.1))" }
            return "/api/v2/buckets?" + query.joined(separator: "&")
        }
        var links: JSONObject = ["self": .string(link(offset: options.offset))]
        if count >= options.limit { links.append("next", .string(link(offset: options.offset + options.limit))) }
        if options.offset > 0 { links.append("prev", .string(link(offset: max(0, options.offset - options.limit)))) }
        return links
    }

    /// POST /api/v2/buckets (§17.5), checks in InfluxDB's order.
    static func create(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let f: BodyFields
        var orgID: String?
        let name: String, description: String, rp: String?
        do {
            f = try BodyFields.decode(request.body, structName: "postBucketRequest", goType: "http.postBucketRequest")
            if let raw = try f.string("orgID") { orgID = try Identifier.parse(raw) }
            name = try f.string("name") ?? ""
            description = try f.string("description") ?? ""
            rp = try f.string("rp")
        } catch { return fail(.invalid("failed to unmarshal json: \(goMessage(error))")) }
        guard let orgID else { return fail(.invalid("organization id must be provided")) }
        let retention: BucketRetention?
        switch BucketRetention.decode(f) {
        case .failure(let e): return fail(e)
        case .success(let r): retention = r
        }
        let needed = Permission(action: "write", type: "buckets", orgID: orgID)
        guard request.caller!.allows(needed) else { return fail(needed.refusal) }
        if let refusal = BucketRetention.nameRefusal(name) { return fail(refusal) }
        return ctx.transaction(layout: .tabIndented) { state in
            guard state.org(id: orgID) != nil else { return fail(.notFound("organization not found")) }
            if state.buckets.values.contains(where: { $0.orgID == orgID && $0.name == name }) {
                return fail(.conflict("bucket with name \(name) already exists"))
            }
            let every = retention?.everySeconds ?? 0
            let shard = StoredBucket.normalizedShardGroup(retention: every, requested: retention?.shardGroupSeconds ?? 0)
            if let refusal = BucketRetention.engineRefusal(retention: every, shardGroup: shard) { return fail(refusal) }
            let now = Timestamp.now()
            let bucket = StoredBucket(
                id: Seed.newBucketID(state), orgID: orgID, name: name, description: description,
                everySeconds: every, shardGroupSeconds: shard, rp: rp, createdAt: now, updatedAt: now)
            state.buckets[bucket.id] = bucket
            return ok(201, Rendering.bucket(bucket, labels: []))
        }
    }

    /// GET /api/v2/buckets/{id} (§17.6): 404 when missing, else 401 when unreadable.
    static func get(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(goMessage(error))) }
        return ctx.read { state in
            guard let bucket = state.buckets[id] else { return fail(.notFound("bucket not found")) }
            guard request.caller!.allows(bucket.readPermission) else { return fail(bucket.readPermission.refusal) }
            return ok(200, Rendering.bucket(bucket, labels: state.labels(ofResource: id)))
        }
    }

    /// PATCH /api/v2/buckets/{id} (§17.7).
    static func patch(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(goMessage(error))) }
        let f: BodyFields
        let name: String?, description: String?
        do {
            f = try BodyFields.decode(request.body, structName: "bucketUpdate", goType: "http.bucketUpdate")
            name = try f.string("name")
            description = try f.string("description")
        } catch { return fail(.invalid("failed to unmarshal json: \(goMessage(error))")) }
        let retention: BucketRetention?
        switch BucketRetention.decode(f) {
        case .failure(let e): return fail(e)
        case .success(let r): retention = r
        }
        let caller = request.caller!
        return ctx.transaction(layout: .tabIndented) { state in
            guard var bucket = state.buckets[id] else { return fail(.notFound("bucket not found")) }
            if name != nil, !caller.allows(bucket.readPermission) { return fail(bucket.readPermission.refusal) }
            guard caller.allows(bucket.writePermission) else { return fail(bucket.writePermission.refusal) }
            if let retention {
                let every = retention.everySeconds ?? bucket.everySeconds
                let shard = retention.shardGroupSeconds ?? bucket.shardGroupSeconds
                if every > 0 && every < 3600 { return fail(.internalError("retention policy duration must be at least 1h0m0s")) }
                if every > 0 && every < max(shard, 3600) {
                    return fail(APIError(.unprocessableEntity, "shard-group duration must also be updated to be smaller than new retention duration"))
                }
                bucket.everySeconds = every
                bucket.shardGroupSeconds = shard
            }
            if let name, name != bucket.name {
                if bucket.isSystem { return fail(.invalid("system buckets cannot be renamed")) }
                if let refusal = BucketRetention.nameRefusal(name) { return fail(refusal) }
                if state.buckets.values.contains(where: { $0.orgID == bucket.orgID && $0.name == name && $0.id != id }) {
                    return fail(.conflict("bucket name is not unique"))
                }
                bucket.name = name
            }
            if let description { bucket.description = description }
            bucket.updatedAt = .now()
            state.buckets[id] = bucket
            return ok(200, Rendering.bucket(bucket, labels: []))
        }
    }

    /// DELETE /api/v2/buckets/{id} (§17.8): 404, 401, 400 for a system bucket, else 204.
    static func delete(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(goMessage(error))) }
        return ctx.transaction(layout: .tabIndented) { state in
            guard let bucket = state.buckets[id] else { return fail(.notFound("bucket not found")) }
            guard request.caller!.allows(bucket.writePermission) else { return fail(bucket.writePermission.refusal) }
            if bucket.isSystem { return fail(.invalid("system buckets cannot be deleted")) }
            state.buckets[id] = nil
            return .empty(204)
        }
    }
}
