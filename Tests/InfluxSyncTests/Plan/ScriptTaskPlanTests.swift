import Flux
import InfluxAPI
import XCTest

@testable import InfluxSync

/// Cloud script tasks in the planner (influxdb-api.md §15.1): JSON-field create bodies, and a
/// differ that compares script ID, parameters and schedule by value.
final class ScriptTaskPlanTests: XCTestCase {
    typealias F = Fixture

    func scriptTask(
        parameters: [String: ScriptParameterValue] = ["bucket": .string("telegraf"), "window": .number(5)],
        every: String = "1h", offset: String? = "5m"
    ) -> DesiredTask {
        var t = F.desiredTask("downsample", every: every, offset: offset)
        t.query = ""
        t.script = ""
        t.scriptID = "0000000000000abc"
        t.scriptParameters = parameters
        return t
    }

    func liveScriptTask(
        parameters: [String: ScriptParameterValue] = ["bucket": .string("telegraf"), "window": .number(5)],
        every: String = "60m", offset: String? = "5m"
    ) -> InfluxTask {
        var t = InfluxTask(id: "0000000000000010", orgID: F.org.id, name: "downsample", flux: "", every: every, offset: offset, labels: [F.owner])
        t.scriptID = "0000000000000abc"
        t.scriptParameters = parameters
        return t
    }

    func testCreateSendsTheScheduleAsJSONFieldsAndNoFlux() throws {
        let plan = try Planner.plan(desired: DesiredState(tasks: [scriptTask()]), live: F.live())
        guard case .createTask(_, let request)? = plan.changes.first?.operations.first else { return XCTFail("\(plan.changes)") }
        XCTAssertEqual(
            request,
            TaskCreateRequest.script(
                orgID: F.org.id, scriptID: "0000000000000abc", parameters: ["bucket": .string("telegraf"), "window": .number(5)],
                name: "downsample", every: "1h", cron: nil, offset: "5m", status: "active", description: nil))
        let json = String(decoding: try JSONEncoder.sorted.encode(request), as: UTF8.self)
        XCTAssertEqual(
            json,
            #"{"every":"1h","name":"downsample","offset":"5m","orgID":"00000000000000aa","scriptID":"0000000000000abc","scriptParameters":{"bucket":"telegraf","window":5},"status":"active"}"#
        )
        XCTAssertEqual(plan.changes.first?.fields.map(\.field), ["name", "every", "offset", "status", "scriptID", "scriptParameters"])
    }

    func testSameScriptParametersAndEqualDurationsAreNoChange() throws {
        let plan = try Planner.plan(desired: DesiredState(tasks: [scriptTask()]), live: F.live(tasks: [liveScriptTask()]))
        XCTAssertEqual(plan.changes, [])
    }

    func testAParameterChangeIsOnePatchWithStatusAndParametersOnly() throws {
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [scriptTask(parameters: ["bucket": .string("telegraf"), "window": .number(10)])]),
            live: F.live(tasks: [liveScriptTask()]))
        XCTAssertEqual(plan.changes.count, 1)
        XCTAssertEqual(
            plan.changes[0].fields, [FieldChange(field: "scriptParameters", old: #"{"bucket": "telegraf", "window": 5}"#, new: #"{"bucket": "telegraf", "window": 10}"#)])
        var expected = TaskUpdateRequest(status: "active")
        expected.scriptParameters = ["bucket": .string("telegraf"), "window": .number(10)]
        XCTAssertEqual(plan.changes[0].operations, [.updateTask(id: "0000000000000010", expected)])
    }

    func testScheduleAndScriptIDChangesAreJSONFields() throws {
        var desired = scriptTask(every: "2h", offset: nil)
        desired.scriptID = "0000000000000def"
        let plan = try Planner.plan(desired: DesiredState(tasks: [desired]), live: F.live(tasks: [liveScriptTask()]))
        var expected = TaskUpdateRequest(status: "active")
        expected.scriptID = "0000000000000def"
        expected.every = "2h"
        expected.offset = ""
        XCTAssertEqual(plan.changes.first?.operations, [.updateTask(id: "0000000000000010", expected)])
        XCTAssertEqual(plan.changes.first?.fields.map(\.field), ["scriptID", "every", "offset"])
    }

    /// Issue 21 item 4: a live script task declared as a Flux task is a `convert` change:
    /// create the Flux task, label it, then delete the script task.
    func testAScriptTaskDeclaredAsFluxIsAConversion() throws {
        let desired = F.desiredTask("downsample", offset: "5m")
        let plan = try Planner.plan(desired: DesiredState(tasks: [desired]), live: F.live(tasks: [liveScriptTask()]))
        XCTAssertEqual(plan.changes.map(\.action), [.convert])
        XCTAssertEqual(plan.changes[0].conversion, TaskConversion(direction: .scriptToFlux, scriptID: "0000000000000abc", replacedTaskID: "0000000000000010"))
        XCTAssertEqual(
            plan.changes[0].operations,
            [
                .createTask(key: "downsample", TaskCreateRequest(orgID: F.org.id, flux: desired.script, status: "active", description: nil)),
                .addTaskLabel(task: .newTask("downsample"), label: .id(F.owner.id)),
                .deleteTask(id: "0000000000000010"),
            ])
        XCTAssertEqual(plan.operations.map { plan.changes[0].phase(of: $0) }, [.tasks, .tasks, .taskDeletes])
        XCTAssertEqual(plan.summary.add, 1)
        XCTAssertEqual(plan.summary.destroy, 1)
        XCTAssertEqual(plan.summary.convert, 1)
    }

    /// A conversion deletes the old task, so a protect rule refuses it, with or without --prune.
    func testAProtectRuleRefusesAConversion() throws {
        let policies = Policies(protect: [ProtectRule(selector: PolicySelector(.tasks, ["down*"]), location: "influxsync.yaml:9")])
        XCTAssertThrowsError(
            try Planner.plan(
                desired: DesiredState(tasks: [F.desiredTask("downsample", offset: "5m")]), live: F.live(tasks: [liveScriptTask()]),
                options: PlanOptions(policies: policies))
        ) { error in
            XCTAssertEqual(
                (error as? PlanError)?.problems.map { $0.components(separatedBy: "\n")[0] },
                [
                    "influxsync.yaml:9: protect rule (tasks: down*) forbids deleting task \"downsample\" (0000000000000010), which this plan deletes (converting between a script task and a Flux task replaces it); nothing is deleted whatever --prune says"
                ])
        }
    }

    /// After an apply that stopped between the create and the delete of a conversion, the new
    /// task (the declared kind) is the match and the old script task an owned duplicate.
    func testAHalfDoneConversionMatchesTheNewTask() throws {
        let desired = F.desiredTask("downsample", offset: "5m")
        var flux = F.liveTask("0000000000000011", "downsample", flux: desired.script)
        flux.labels = [F.owner]
        let plan = try Planner.plan(desired: DesiredState(tasks: [desired]), live: F.live(tasks: [liveScriptTask(), flux]))
        XCTAssertEqual(plan.changes.map(\.action), [.wouldPrune])
        XCTAssertEqual(plan.changes[0].resource.id, "0000000000000010")
        XCTAssertEqual(plan.changes[0].duplicateOf, "0000000000000011")

        // With conversions allowed, the old task is deleted: the conversion finishes (both
        // tasks stayed active, so the job ran twice, until a --prune).
        let finishing = try Planner.plan(
            desired: DesiredState(tasks: [desired]), live: F.live(tasks: [liveScriptTask(), flux]), options: PlanOptions(allowConversion: true))
        XCTAssertEqual(finishing.changes.map(\.action), [.delete])
        XCTAssertEqual(finishing.operations, [.deleteTask(id: "0000000000000010")])
        XCTAssertEqual(finishing.changes[0].duplicateOf, "0000000000000011")
        // A copy of the same kind is a plain duplicate: only --prune deletes it.
        var copy = flux
        copy.id = "0000000000000012"
        let duplicates = try Planner.plan(
            desired: DesiredState(tasks: [desired]), live: F.live(tasks: [flux, copy]), options: PlanOptions(allowConversion: true))
        XCTAssertEqual(duplicates.changes.map(\.action), [.wouldPrune])
    }
}

extension JSONEncoder {
    /// Sorted keys, no escaped slashes.
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
