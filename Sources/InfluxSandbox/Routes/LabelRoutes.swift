/// /api/v2/labels (influxdb-api.md §10): tab-indented JSON.
enum LabelRoutes {
    private static func reply(_ status: Int, _ o: JSONObject) -> Reply { .json(status, .object(o), layout: .tabIndented) }
    private static func fail(_ e: APIError) -> Reply { .error(e, layout: .tabIndented) }

    /// Uniqueness key: trimmed, case-insensitive (§10.1), otherwise the bytes (Go compares
    /// strings byte by byte; Swift's `==` would take `é` and `e` + U+0301 for one name).
    private static func key(_ name: String) -> [UInt8] { Array(name.trimmingWhitespace().lowercased().utf8) }

    static func create(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let name: String, orgID: String?, properties: [(String, String)]
        do {
            let f = try BodyFields.decode(request.body, structName: "LabelCreateRequest", goType: "label.LabelCreateRequest")
            name = try f.string("name") ?? ""
            properties = try f.stringMap("properties") ?? []
            if let raw = try f.string("orgID") {
                do { orgID = try Identifier.parse(raw) } catch { return fail(.invalid("failed to unmarshal json: \(error.message)")) }
            } else {
                orgID = nil
            }
        } catch let e as JSONParser.Failure {
            return fail(.invalid("failed to unmarshal json: \(e.message)"))
        } catch let e as BodyFields.Mismatch {
            return fail(.invalid("failed to unmarshal json: \(e.message)"))
        } catch { return fail(.invalid("failed to unmarshal json: \(goMessage(error))")) }
        if name.isEmpty { return fail(.invalid("label name is required")) }
        guard let orgID else { return fail(.invalid("orgID is required")) }
        guard request.caller!.may("write", "labels", org: orgID) else { return fail(APIError(.unauthorized, "write:orgs/\(orgID)/labels is unauthorized")) }
        return ctx.transaction(layout: .tabIndented) { state in
            let trimmed = name.trimmingWhitespace()
            if state.labels.values.contains(where: { $0.orgID == orgID && key($0.name) == key(trimmed) }) {
                return fail(.conflict("label with name \(trimmed) already exists"))
            }
            var props: [String: String] = [:]
            for (k, v) in properties { props[k] = v }
            let label = StoredLabel(id: state.ids.nextSnowflake(now: .now()), orgID: orgID, name: trimmed, properties: props)
            state.labels[label.id] = label
            return reply(201, Rendering.labelResponse(label))
        }
    }

    static func list(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let orgID = try? Identifier.parse(request.query["orgID"])
        let name = request.query["name"]
        return ctx.read { state in
            let labels = state.labels.values
                .filter { orgID == nil || $0.orgID == orgID }
                .filter { name.isEmpty || $0.name.lowercased().utf8.elementsEqual(name.lowercased().utf8) }
                .filter { request.caller!.may("read", "labels", org: $0.orgID, id: $0.id) }
                .sorted { $0.id < $1.id }
            return reply(200, ["links": .object(["self": .string("/api/v2/labels")]), "labels": .array(labels.map(Rendering.label))])
        }
    }

    static func get(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(error.message)) }
        return ctx.read { state in
            guard let label = state.labels[id] else { return fail(.notFound("label not found")) }
            guard request.caller!.may("read", "labels", org: label.orgID, id: id) else {
                return fail(APIError(.unauthorized, "read:orgs/\(label.orgID)/labels/\(id) is unauthorized"))
            }
            return reply(200, Rendering.labelResponse(label))
        }
    }

    static func patch(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(error.message)) }
        let name: String, properties: [(String, String)]
        do {
            let f = try BodyFields.decode(request.body, structName: "LabelUpdate", goType: "influxdb.LabelUpdate")
            name = try f.string("name") ?? ""
            properties = try f.stringMap("properties") ?? []
        } catch let e as JSONParser.Failure {
            return fail(.internalError(e.message))
        } catch let e as BodyFields.Mismatch {
            return fail(.internalError(e.message))
        } catch { return fail(.internalError(goMessage(error))) }
        return ctx.transaction(layout: .tabIndented) { state in
            guard var label = state.labels[id] else { return fail(.notFound("label not found")) }
            guard request.caller!.may("write", "labels", org: label.orgID, id: id) else {
                return fail(APIError(.unauthorized, "write:orgs/\(label.orgID)/labels/\(id) is unauthorized"))
            }
            let trimmed = name.trimmingWhitespace()
            if !trimmed.isEmpty {
                if state.labels.values.contains(where: { $0.id != id && $0.orgID == label.orgID && key($0.name) == key(trimmed) }) {
                    return fail(.conflict("label with name \(trimmed) already exists"))
                }
                label.name = trimmed
            }
            for (k, v) in properties {
                if v.isEmpty { label.properties[k] = nil } else { label.properties[k] = v }
            }
            state.labels[id] = label
            return reply(200, Rendering.labelResponse(label))
        }
    }

    static func delete(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return fail(.invalid(error.message)) }
        return ctx.transaction(layout: .tabIndented) { state in
            guard let label = state.labels[id] else { return fail(.notFound("label not found")) }
            guard request.caller!.may("write", "labels", org: label.orgID, id: id) else {
                return fail(APIError(.unauthorized, "write:orgs/\(label.orgID)/labels/\(id) is unauthorized"))
            }
            state.labels[id] = nil
            return .empty(204)
        }
    }
}
