/// /api/v2/buckets/{id}/labels (influxdb-api.md §17.9): the authorizing label service behind
/// the bucket sub-route guard; tab-indented JSON.
enum BucketLabelRoutes {
    private static func fail(_ e: APIError) -> Reply { .error(e, layout: .tabIndented) }

    /// The guard: malformed ID → 400 `corrupt ID provided: …`; a bucket that is missing or not
    /// readable → 404 `404 page not found`.
    private static func bucket(_ request: RouteRequest, _ state: SandboxState) -> Result<StoredBucket, APIError> {
        let id: String
        do { id = try request.id("id").get() } catch { return .failure(.invalid("corrupt ID provided: \(goMessage(error))")) }
        guard let bucket = state.buckets[id], request.caller!.allows(bucket.readPermission) else {
            return .failure(.notFound("404 page not found"))
        }
        return .success(bucket)
    }

    /// GET: the bucket's labels the token may read.
    static func list(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        ctx.read { state in
            switch bucket(request, state) {
            case .failure(let e): return fail(e)
            case .success(let b):
                let labels = state.labels(ofResource: b.id).filter { request.caller!.may("read", "labels", org: $0.orgID, id: $0.id) }
                return .json(
                    200, .object(["links": .object(["self": "/api/v2/labels"]), "labels": .array(labels.map(Rendering.label))]),
                    layout: .tabIndented)
            }
        }
    }

    /// POST `{"labelID"}`: 404 `label not found`, 422 when attached; needs write on the label
    /// and on the bucket.
    static func add(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let labelID: String
        do {
            let f = try BodyFields.decode(request.body, structName: "LabelMapping", goType: "influxdb.LabelMapping")
            labelID = try Identifier.parse(try f.string("labelID") ?? "")
        } catch { return fail(.invalid("Invalid post label map request")) }
        return ctx.transaction(layout: .tabIndented) { state in
            let b: StoredBucket
            switch bucket(request, state) {
            case .failure(let e): return fail(e)
            case .success(let found): b = found
            }
            guard let label = state.labels[labelID] else { return fail(.notFound("label not found")) }
            let writeLabel = Permission(action: "write", type: "labels", orgID: label.orgID, id: label.id)
            guard request.caller!.allows(writeLabel) else { return fail(writeLabel.refusal) }
            guard request.caller!.allows(b.writePermission) else { return fail(b.writePermission.refusal) }
            if state.labelMappings.contains(resourceID: b.id, labelID: labelID) {
                return fail(.conflict("Cannot add label, label already exists on resource"))
            }
            state.labelMappings.add(LabelMapping(resourceID: b.id, labelID: labelID))
            return .json(201, Rendering.labelResponse(label), layout: .tabIndented)
        }
    }

    /// DELETE /{labelID}: 204; an unknown label is 404 `label not found` (unlike tasks).
    static func remove(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let labelID: String
        do { labelID = try request.id("labelID").get() } catch { return fail(.invalid(goMessage(error))) }
        return ctx.transaction(layout: .tabIndented) { state in
            let b: StoredBucket
            switch bucket(request, state) {
            case .failure(let e): return fail(e)
            case .success(let found): b = found
            }
            guard state.labels[labelID] != nil else { return fail(.notFound("label not found")) }
            guard request.caller!.allows(b.writePermission) else { return fail(b.writePermission.refusal) }
            state.labelMappings.remove(resourceID: b.id, labelID: labelID)
            return .empty(204)
        }
    }
}
