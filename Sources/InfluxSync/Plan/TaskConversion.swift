import InfluxAPI

/// A declared task whose live match is the other kind of task: a Cloud script task
/// (`scriptID`, influxdb-api.md §15.1) declared as a Flux task, or a Flux task declared with
/// `spec.scriptID`.
///
/// The documented Cloud requests turn neither kind into the other: a request with both
/// `flux` and `scriptID` is refused (§15.1), and no request is documented that removes a
/// task's `scriptID` or its `flux`. So a conversion replaces the task with documented requests
/// only: the new task is created (`POST /api/v2/tasks`, §4 / §15.1) and labelled, then the live
/// one is deleted (`DELETE /api/v2/tasks/{id}`, §8). The task gets a new ID; the run history
/// stays with the deleted one.
public struct TaskConversion: Codable, Hashable, Sendable {
    /// Which way the task is converted.
    public enum Direction: String, Codable, Hashable, Sendable {
        /// A live script task declared as a Flux task: the script is detached.
        case scriptToFlux = "script-to-flux"
        /// A live Flux task declared with `spec.scriptID`: its Flux is replaced by the script.
        case fluxToScript = "flux-to-script"
    }

    /// Which way.
    public var direction: Direction
    /// The invokable script concerned: the live task's `scriptID` (detached) for
    /// `scriptToFlux`, the declared `spec.scriptID` (attached) for `fluxToScript`.
    public var scriptID: String
    /// The live task that is deleted once its replacement is created and labelled.
    public var replacedTaskID: String

    /// Creates a conversion record.
    public init(direction: Direction, scriptID: String, replacedTaskID: String) {
        self.direction = direction
        self.scriptID = scriptID
        self.replacedTaskID = replacedTaskID
    }

    /// The conversion `desired` needs against `live`, or nil when both are the same kind.
    public static func needed(desired: DesiredTask, live: InfluxTask) -> TaskConversion? {
        let liveScript = live.scriptID.flatMap { $0.isEmpty ? nil : $0 }
        switch (liveScript, desired.scriptID) {
        case (let script?, nil): return TaskConversion(direction: .scriptToFlux, scriptID: script, replacedTaskID: live.id)
        case (nil, let script?): return TaskConversion(direction: .fluxToScript, scriptID: script, replacedTaskID: live.id)
        default: return nil
        }
    }

    /// One sentence for every renderer: `script task → Flux task: detaches script
    /// 0000000000000abc; the task is replaced (a new ID; the run history stays with the deleted
    /// task 0a1b2c3d4e5f6a7b)`.
    public var summary: String {
        let what =
            switch direction {
            case .scriptToFlux: "script task → Flux task: detaches script \(scriptID)"
            case .fluxToScript: "Flux task → script task: runs script \(scriptID) instead of its Flux"
            }
        return "\(what); the task is replaced (a new ID; the run history stays with the deleted task \(replacedTaskID))"
    }
}

/// Builds the `convert` change of a declared task (`TaskConversion`).
enum TaskConversionPlanner {
    /// The change: the fields of the new task (plus `scriptID` old → new), every wanted label
    /// added, and the operations create → label (owner label first, in the tasks phase) →
    /// delete the live task (task-deletes phase, so it runs only once the replacement exists:
    /// the apply stops at its first failure).
    static func change(
        task: DesiredTask, live: InfluxTask, conversion: TaskConversion, orgID: String,
        fields: [FieldChange], labels: [(name: String, ref: IDRef)], ownerRef: IDRef
    ) -> ResourceChange {
        var refs: [IDRef] = []
        for ref in [ownerRef] + labels.map(\.ref) where !refs.contains(ref) { refs.append(ref) }
        let scriptField = FieldChange(field: "scriptID", old: live.scriptID.flatMap { $0.isEmpty ? nil : $0 }, new: task.scriptID)
        return ResourceChange(
            action: .convert,
            resource: ResourceRef(kind: .task, name: task.name, id: live.id, location: task.location),
            fields: fields.filter { $0.field != "scriptID" } + [scriptField],
            labelsAdded: labels.map(\.name),
            operations: [.createTask(key: task.key, createRequest(task, orgID: orgID))]
                + refs.map { .addTaskLabel(task: .newTask(task.key), label: $0) }
                + [.deleteTask(id: live.id)],
            conversion: conversion)
    }

    /// The create body of a declared task: a script task's JSON fields, or the Flux script.
    static func createRequest(_ task: DesiredTask, orgID: String) -> TaskCreateRequest {
        ScriptTaskDiff.createRequest(task, orgID: orgID)
            ?? TaskCreateRequest(
                orgID: orgID, flux: task.script, status: task.status.rawValue,
                description: task.description.flatMap { $0.isEmpty ? nil : $0 })
    }
}
