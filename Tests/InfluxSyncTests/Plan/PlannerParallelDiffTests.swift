import Flux
import InfluxAPI
import XCTest

@testable import InfluxSync

/// From 64 matched tasks on, the planner computes task differences on all cores. The plan must
/// be the one a task-by-task computation gives: same changes, same order, every time.
final class PlannerParallelDiffTests: XCTestCase {
    func testManyTasksGiveTheSameOrderedPlanEveryTime() throws {
        var desired: [DesiredTask] = []
        var live: [InfluxTask] = []
        var expected: [String] = []
        for i in 0..<300 {
            let name = String(format: "task-%03d", i)
            let body = "from(bucket: \"b\") |> range(start: -\(i + 1)m)"
            desired.append(Fixture.desiredTask(name, body: body, description: "d\(i)"))
            if i % 5 == 0 { expected.append("create \(name)"); continue }
            let liveBody = i % 3 == 0 ? "from(bucket: \"b\") |> range(start: -\(i + 2)m)" : body
            live.append(
                Fixture.liveTask(
                    String(format: "%016x", 0x1000 + i), name,
                    flux: Fixture.script(name: name, body: liveBody), description: "d\(i)"))
            if i % 3 == 0 { expected.append("update \(name) query") }
        }
        let state = DesiredState(labels: [], tasks: desired)
        let plan = try Planner.plan(desired: state, live: Fixture.live(tasks: live.reversed()))
        XCTAssertEqual(
            plan.changes.map { change in
                "\(change.action.rawValue) \(change.resource.name)" + (change.action == .update ? " " + change.fields.map(\.field).joined(separator: ",") : "")
            }, expected)
        for _ in 0..<5 {
            XCTAssertEqual(try Planner.plan(desired: state, live: Fixture.live(tasks: live.shuffled())), plan)
        }
    }
}
