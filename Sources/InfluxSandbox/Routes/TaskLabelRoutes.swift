/// GET/POST/DELETE /api/v2/tasks/{id}/labels[/{labelID}] (influxdb-api.md §9). These use the
/// un-authorized label service: no task existence or org check.
enum TaskLabelRoutes {
    static func list(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return .error(.invalid(error.message)) }
        return ctx.read { state in
            .json(
                200,
                [
                    "links": .object(["self": .string("/api/v2/labels")]),
                    "labels": .array(state.labels(ofResource: id).map(Rendering.label)),
                ])
        }
    }

    static func add(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String
        do { id = try request.id("id").get() } catch { return .error(.invalid(error.message)) }
        let labelID: String
        do {
            let fields = try BodyFields.decode(request.body, structName: "LabelMapping", goType: "influxdb.LabelMapping")
            guard let raw = try fields.string("labelID"), !raw.isEmpty else { return .error(.invalid("label id is required")) }
            labelID = try Identifier.parse(raw)
        } catch {
            return .error(.invalid("Invalid post label map request"))
        }
        return ctx.transaction { state in
            guard let label = state.labels[labelID] else { return .error(.notFound("label not found")) }
            if state.labelMappings.contains(resourceID: id, labelID: labelID) {
                return .error(.conflict("Cannot add label, label already exists on resource"))
            }
            state.labelMappings.add(LabelMapping(resourceID: id, labelID: labelID))
            return .json(201, Rendering.labelResponse(label))
        }
    }

    static func remove(_ request: RouteRequest, _ ctx: APIContext) -> Reply {
        let id: String, labelID: String
        do {
            id = try request.id("id").get()
            labelID = try request.id("labelID").get()
        } catch { return .error(.invalid(error.message)) }
        return ctx.transaction { state in
            state.labelMappings.remove(resourceID: id, labelID: labelID)
            return .empty(204)
        }
    }
}
