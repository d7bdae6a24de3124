import InfluxAPI
import XCTest

@testable import InfluxSync

/// Parallel apply (`Applier(parallelism:)`): the same requests as one at a time, each change's
/// own requests in order, and a report that depends only on the plan, the parallelism and
/// which requests failed — never on the order the answers came in.
final class ParallelApplyTests: XCTestCase {
    typealias F = Fixture

    /// Labels `team-0`…`team-2`, tasks `t0`…`t{n-1}`, task `ti` labelled `team-(i % 3)`.
    private func plan(tasks n: Int, labelled: Bool = true) throws -> Plan {
        let labels = (0..<3).map { F.desiredLabel("team-\($0)") }
        let tasks = (0..<n).map { F.desiredTask("t\($0)", labels: labelled ? ["team-\($0 % 3)"] : []) }
        return try Planner.plan(desired: DesiredState(labels: labels, tasks: tasks), live: F.live(labels: []))
    }

    /// Runs `plan` and returns the writes with IDs named (`NameRecordingClient`), and the result.
    private func run(_ plan: Plan, parallelism: Int, client: RecordingClient = RecordingClient()) async -> (calls: [String], result: ApplyResult) {
        let named = NameRecordingClient(client)
        let result = await Applier(client: named, parallelism: parallelism).apply(plan)
        return (named.calls, result)
    }

    func testParallelismEightSendsTheSameRequestsAsOneAndKeepsEachChangesOrder() async throws {
        let plan = try plan(tasks: 20)
        let serial = await run(plan, parallelism: 1)
        let parallel = await run(plan, parallelism: 8)
        XCTAssertNil(serial.result.failure)
        XCTAssertNil(parallel.result.failure)
        XCTAssertEqual(serial.calls.count, 3 + 1 + 20 * 3)
        XCTAssertEqual(serial.calls.sorted(), parallel.calls.sorted())
        XCTAssertEqual(parallel.result.outcomes.map(\.outcome), Array(repeating: .done, count: 24))
        XCTAssertEqual(parallel.result.outcomes.map(\.change.resource.name), serial.result.outcomes.map(\.change.resource.name))

        for calls in [serial.calls, parallel.calls] {
            // Every label exists before the first task request; each task's own requests go
            // create → owner label → its team label.
            let firstTask = try XCTUnwrap(calls.firstIndex { $0.hasPrefix("POST /api/v2/tasks") })
            XCTAssertEqual(calls[..<firstTask].filter { $0.hasPrefix("POST /api/v2/labels") }.count, 4)
            for i in 0..<20 {
                let own = calls.filter { $0.contains("<t\(i)>") || $0 == "POST /api/v2/tasks t\(i)" }
                XCTAssertEqual(
                    own,
                    [
                        "POST /api/v2/tasks t\(i)",
                        "POST /api/v2/tasks/<t\(i)>/labels <influxsync>",
                        "POST /api/v2/tasks/<t\(i)>/labels <team-\(i % 3)>",
                    ], "t\(i)")
            }
        }
    }

    func testAFailureStopsNewWorkAndTheReportIsTheSameWhateverTheTiming() async throws {
        let plan = try plan(tasks: 5, labelled: false)
        var reports: Set<String> = []
        for _ in 0..<25 {
            let client = RecordingClient()
            client.failCreateOfTask = "t1"
            let (calls, result) = await run(plan, parallelism: 2, client: client)
            // A window of two: t2 starts once t0 has finished, whatever t1 does; t3 would need t1
            // to have succeeded, so t3 and t4 never start.
            XCTAssertEqual(
                calls.sorted(),
                [
                    "POST /api/v2/labels influxsync", "POST /api/v2/labels team-0", "POST /api/v2/labels team-1",
                    "POST /api/v2/labels team-2",
                    "POST /api/v2/tasks t0", "POST /api/v2/tasks t1", "POST /api/v2/tasks t2",
                    "POST /api/v2/tasks/<t0>/labels <influxsync>", "POST /api/v2/tasks/<t2>/labels <influxsync>",
                ])
            reports.insert(
                result.outcomes.map { "\($0.change.resource.name): \($0.outcome.rawValue)" }.joined(separator: ", ")
                    + " / " + (result.failure?.description ?? "no failure"))
        }
        XCTAssertEqual(
            reports,
            [
                "influxsync: done, team-0: done, team-1: done, team-2: done, t0: done, t1: failed, t2: done, t3: not attempted, t4: not attempted"
                    + " / Task \"t1\": POST /api/v2/tasks: 500 internal error: boom"
            ])
    }

    /// `--parallelism auto`: the window (64) follows the adaptive limit read at each start, so
    /// a failure under a limit of 2 stops as a parallelism of 2 does: 64 changes under way kept
    /// retrying a throttling or silent server one at a time, for hours.
    func testAWindowLimitNarrowsTheWindowAndWhatAFailureLetsFinish() async throws {
        let plan = try plan(tasks: 5, labelled: false)
        for _ in 0..<10 {
            let client = RecordingClient()
            client.failCreateOfTask = "t1"
            let named = NameRecordingClient(client)
            let result = await Applier(client: named, parallelism: Applier.autoWindowWidth, windowLimit: { 2 }).apply(plan)
            XCTAssertEqual(
                named.calls.filter { $0.hasPrefix("POST /api/v2/tasks") }.sorted(),
                [
                    "POST /api/v2/tasks t0", "POST /api/v2/tasks t1", "POST /api/v2/tasks t2", "POST /api/v2/tasks/<t0>/labels <influxsync>",
                    "POST /api/v2/tasks/<t2>/labels <influxsync>",
                ])
            XCTAssertEqual(result.outcomes.suffix(5).map(\.outcome), [.done, .failed, .done, .notAttempted, .notAttempted])
        }
        // A limit of at least the parallelism changes nothing; below 1 counts as 1.
        XCTAssertEqual(
            ApplySchedule.Window(count: 5, width: 2).availability(narrowedTo: 64), ApplySchedule.Window(count: 5, width: 2).availability)
        var window = ApplySchedule.Window(count: 5, width: 64)
        window.started(0)
        XCTAssertEqual(window.availability(narrowedTo: 0), .wait)
        XCTAssertEqual(window.availability(narrowedTo: 2), .start(1))
    }

    /// A task's owner label goes out as any write does (interruptible, so the throttling
    /// rules of the applier's writes hold for it), unless a stop came after its create: then it
    /// is sent anyway, as the lock's release is, so the task is not left without an owner.
    func testTheOwnerLabelOfACreatedTaskIsAnOrdinaryWriteUnlessAStopCameAfterTheCreate() async throws {
        let plan = try plan(tasks: 1, labelled: false)
        let plain = RecordingClient()
        _ = await Applier(client: plain).apply(plan)
        // Four label creates (the owner label, team-0…2), the task's create, its owner label.
        XCTAssertEqual(plain.calls.count, 6)
        XCTAssertEqual(plain.interruptible, Array(repeating: true, count: 6))

        let stopped = RecordingClient()
        let stop = StopFlag()
        stopped.afterCall = { call in if call == "POST /api/v2/tasks" { stop.set() } }
        let result = await Applier(client: stopped, shouldStop: { stop.isSet }).apply(plan)
        XCTAssertEqual(stopped.calls.count, 6, "\(stopped.calls)")
        XCTAssertTrue(stopped.calls[5].hasPrefix("POST /api/v2/tasks/"), "\(stopped.calls)")
        XCTAssertEqual(stopped.interruptible, Array(repeating: true, count: 5) + [false])
        XCTAssertEqual(result.outcomes.last?.outcome, .done)
    }

    func testChangesAlreadyRunningWhenAnotherFailsFinishAndTheEarliestFailureInPlanOrderIsReported() async throws {
        let plan = try plan(tasks: 4, labelled: false)
        for _ in 0..<10 {
            let client = RecordingClient()
            client.failCreateOfTask = "t2"
            let (calls, result) = await run(plan, parallelism: 8, client: client)
            XCTAssertEqual(
                calls.filter { $0.hasPrefix("POST /api/v2/tasks") }.sorted(),
                [
                    "POST /api/v2/tasks t0", "POST /api/v2/tasks t1", "POST /api/v2/tasks t2", "POST /api/v2/tasks t3",
                    "POST /api/v2/tasks/<t0>/labels <influxsync>", "POST /api/v2/tasks/<t1>/labels <influxsync>",
                    "POST /api/v2/tasks/<t3>/labels <influxsync>",
                ])
            XCTAssertEqual(result.outcomes.suffix(4).map(\.outcome), [.done, .done, .failed, .done])
            XCTAssertEqual(result.failure?.resource.name, "t2")
        }
    }

    func testProgressCountsEveryOperationOnce() async throws {
        let plan = try plan(tasks: 10)
        let seen = ProgressLog()
        let result = await Applier(client: RecordingClient(), parallelism: 4, progress: { seen.append($0) }).apply(plan)
        XCTAssertNil(result.failure)
        let total = 4 + 10 * 3
        XCTAssertEqual(seen.values.map(\.completed).sorted(), Array(1...total))
        XCTAssertEqual(Set(seen.values.map(\.total)), [total])
    }

    func testParallelismIsClampedToTheAcceptedRange() {
        XCTAssertEqual(Applier(client: RecordingClient(), parallelism: 0).parallelism, 1)
        XCTAssertEqual(Applier(client: RecordingClient(), parallelism: 1000).parallelism, Applier.maxParallelism)
        XCTAssertEqual(Applier(client: RecordingClient()).parallelism, 1)
    }
}

/// A flag a test sets from any task.
private final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// Progress values received, from any task.
private final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var received: [ApplyProgress] = []
    func append(_ value: ApplyProgress) { lock.withLock { received.append(value) } }
    var values: [ApplyProgress] { lock.withLock { received } }
}
