import Flux
import InfluxAPI

@testable import InfluxSync

/// Small builders for planner tests: desired tasks and labels, live tasks and labels.
enum Fixture {
    static let org = InfluxOrg(id: "00000000000000aa", name: "acme")
    static let owner = InfluxLabel(
        id: "0000000000000001", orgID: org.id, name: "influxsync",
        properties: [
            "color": "#326BBA", Ownership.roleProperty: Ownership.ownerLabelRole,
            "description": "Marks the tasks that influxsync manages (owner label \"influxsync\").",
        ])

    static func location(_ line: Int = 1) -> SourceLocation { SourceLocation(file: "tasks.yml", line: line, column: 1) }

    static func script(name: String, schedule: String = "every: 1h", body: String = "from(bucket: \"cpu\") |> range(start: -1h)") -> String {
        "option task = {name: \(TextPlanRenderer.quote(name)), \(schedule)}\n\n\(body)\n"
    }

    static func desiredTask(
        _ name: String, every: String = "1h", offset: String? = nil, cron: String? = nil,
        body: String = "from(bucket: \"cpu\") |> range(start: -1h)", description: String? = nil,
        status: TaskStatus = .active, labels: [String] = [], previousNames: [String] = [], pinnedID: String? = nil, line: Int = 1
    ) -> DesiredTask {
        let schedule: TaskSchedule = cron.map { .cron($0) } ?? .every(try! FluxDuration(parsing: every))
        let options = TaskOptions(name: name, schedule: schedule, offset: offset.map { try! FluxDuration(parsing: $0) })
        var record = cron.map { "cron: \(TextPlanRenderer.quote($0))" } ?? "every: \(every)"
        if let offset { record += ", offset: \(offset)" }
        return DesiredTask(
            key: name, options: options, query: body, script: script(name: name, schedule: record, body: body),
            description: description, status: status, labels: labels, pinnedID: pinnedID,
            previousNames: previousNames, location: location(line))
    }

    static func liveTask(_ id: String, _ name: String, flux: String? = nil, description: String? = nil, status: String = "active", labels: [InfluxLabel] = [owner]) -> InfluxTask {
        InfluxTask(
            id: id, orgID: org.id, name: name, description: description, status: status,
            flux: flux ?? script(name: name), labels: labels)
    }

    static func label(_ id: String, _ name: String, color: String? = nil, description: String? = nil, owned: Bool = true) -> InfluxLabel {
        var properties: [String: String] = [:]
        if let color { properties["color"] = color }
        if let description { properties["description"] = description }
        if owned { properties[Ownership.ownerProperty] = "influxsync" }
        return InfluxLabel(id: id, orgID: org.id, name: name, properties: properties)
    }

    static func desiredLabel(_ name: String, color: String? = nil, description: String? = nil) -> DesiredLabel {
        DesiredLabel(key: name, name: name, color: color, description: description, location: location())
    }

    static func live(labels: [InfluxLabel] = [owner], tasks: [InfluxTask] = []) -> LiveState {
        LiveState(org: org, labels: labels, tasks: tasks)
    }
}
