import Foundation
import InfluxAPI
import XCTest

/// `apply --parallelism`: the real binary against the sandbox. The same plan and the same
/// requests (as a multiset, IDs named) with parallelism 1 and 8, each task's own requests in
/// order; a failure mid-way reported the same way every time.
final class ParallelApplyEndToEndTests: SandboxTestCase {
    /// Labels `team-0`…`team-2` and tasks `t0`…`t{n-1}`, task `ti` labelled `team-(i % 3)`.
    private func manifests(tasks n: Int, every: String = "1h") -> String {
        let labels = (0..<3).map { Manifests.label("team-\($0)") }
        let tasks = (0..<n).map { Manifests.task("t\($0)", every: every, labels: ["team-\($0 % 3)"]) }
        return (labels + tasks).joined(separator: "---\n")
    }

    /// The writes of `harness`'s log as `METHOD /path STATUS`, without the apply lock's own
    /// requests, every live task and label ID replaced by `<name>`.
    private func namedWrites(_ harness: SandboxHarness, excludingThrottled: Bool = false) async throws -> [String] {
        var names: [String: String] = [:]
        for task in try await harness.tasks() { names[task.id] = task.name }
        for label in try await harness.api.listLabels(orgID: try await harness.orgID()) { names[label.id] = label.name }
        return try await harness.resourceWrites(excludingThrottled: excludingThrottled).map { line in
            var text = line
            for (id, name) in names { text = text.replacingOccurrences(of: id, with: "<\(name)>") }
            return text
        }
    }

    func testParallelismOneAndEightShowTheSamePlanAndSendTheSameRequests() async throws {
        try workspace.write("main.yml", manifests(tasks: 24))
        let serial = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--parallelism", "1"])
        XCTAssertEqual(serial.exitCode, 0, "\(serial)")
        let serialWrites = try await namedWrites(sandbox)

        try await SandboxHarness.with { other in
            let parallel = try await other.cli("apply", [workspace.path(), "--auto-approve"], environment: ["NO_COLOR": "1", "INFLUXSYNC_PARALLELISM": "8"])
            XCTAssertEqual(parallel.exitCode, 0, "\(parallel)")
            XCTAssertEqual(parallel.stdout, serial.stdout)
            XCTAssertEqual(parallel.stderr, "")
            let parallelWrites = try await namedWrites(other)
            XCTAssertEqual(parallelWrites.count, 4 + 24 * 3)
            XCTAssertEqual(parallelWrites.sorted(), serialWrites.sorted())

            // The sandbox hands out increasing task IDs, so the k-th create of the log made the
            // task with the k-th smallest ID.
            let byID = try await other.tasks().sorted { $0.id < $1.id }.map(\.name)
            let serialByID = try await sandbox.tasks().sorted { $0.id < $1.id }.map(\.name)
            for (writes, creationOrder) in [(serialWrites, serialByID), (parallelWrites, byID)] {
                let firstTask = try XCTUnwrap(writes.firstIndex { $0.hasPrefix("POST /api/v2/tasks") })
                XCTAssertEqual(writes[firstTask...].filter { $0.hasPrefix("POST /api/v2/labels") }, [], "labels first")
                let creates = writes.indices.filter { writes[$0] == "POST /api/v2/tasks 201" }
                XCTAssertEqual(creates.count, 24)
                for (k, name) in creationOrder.enumerated() {
                    // Its create, then its owner label (tasks phase), then its team label
                    // (associations phase, after every create).
                    let own = writes.indices.filter { writes[$0] == "POST /api/v2/tasks/<\(name)>/labels 201" }
                    XCTAssertEqual(own.count, 2, name)
                    guard own.count == 2 else { continue }
                    XCTAssertLessThan(creates[k], own[0], name)
                    XCTAssertGreaterThan(own[1], creates.last!, name)
                }
            }
        }
    }

    func testAFailedUpdateMidWayIsReportedTheSameWayEveryTime() async throws {
        try workspace.write("main.yml", manifests(tasks: 10))
        let first = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(first.exitCode, 0, "\(first)")
        let t3 = try await sandbox.task(named: "t3")
        try workspace.write("main.yml", manifests(tasks: 10, every: "2h"))

        for attempt in 0..<3 {
            _ = try await sandbox.raw("DELETE", "/sandbox/faults")
            try await sandbox.injectFault(#"{"method":"PATCH","path":"/api/v2/tasks/\#(t3.id)","status":500,"message":"disk full"}"#)
            try await sandbox.clearRequests()
            let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--parallelism", "4"])
            XCTAssertEqual(result.exitCode, 1, "\(result)")
            // A window of four: t4–t6 start once t0–t2 have finished, whatever t3 does; t7 would
            // need t3 to have succeeded, so t7–t9 never start. On the next attempts the plan is
            // t3, t7, t8, t9: t3 fails and the three after it are in its window.
            let report = result.stdout.components(separatedBy: "\n\n").last ?? ""
            if attempt == 0 {
                XCTAssertEqual(
                    report,
                    """
                    done           ~ Task "t0"
                    done           ~ Task "t1"
                    done           ~ Task "t2"
                    failed         ~ Task "t3"
                    done           ~ Task "t4"
                    done           ~ Task "t5"
                    done           ~ Task "t6"
                    not attempted  ~ Task "t7"
                    not attempted  ~ Task "t8"
                    not attempted  ~ Task "t9"
                    Apply failed: 6 done, 1 failed, 3 not attempted.

                    """)
                let writes = try await sandbox.resourceWrites().sorted()
                let done = try await sandbox.tasks().filter { ["t0", "t1", "t2", "t4", "t5", "t6"].contains($0.name) }.map { "PATCH /api/v2/tasks/\($0.id) 200" }
                XCTAssertEqual(writes, (["PATCH /api/v2/tasks/\(t3.id) 500"] + done).sorted())
            } else {
                XCTAssertEqual(
                    report,
                    """
                    failed         ~ Task "t3"
                    done           ~ Task "t7"
                    done           ~ Task "t8"
                    done           ~ Task "t9"
                    Apply failed: 3 done, 1 failed, 0 not attempted.

                    """)
            }
            XCTAssertEqual(result.stderr, "error: Task \"t3\" (\(t3.id)): PATCH /api/v2/tasks/\(t3.id): 500 internal error: disk full\n")
            if attempt == 1 { break }
        }
    }

    func testParallelismOutOfRangeIsRefused() async throws {
        try workspace.write("main.yml", manifests(tasks: 1))
        let flag = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--parallelism", "0"])
        XCTAssertEqual(flag.exitCode, 1, "\(flag)")
        XCTAssertEqual(
            flag.stderr,
            """
            error: --parallelism must be auto or a whole number from 1 to 64, got 0
              hint: usage: influxsync apply [<options>] [<path> ...]
              hint: see 'influxsync apply --help' for more information

            """)
        let env = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"], environment: ["NO_COLOR": "1", "INFLUXSYNC_PARALLELISM": "many"])
        XCTAssertEqual(env.exitCode, 1, "\(env)")
        XCTAssertEqual(
            env.stderr,
            """
            error: INFLUXSYNC_PARALLELISM must be auto or a whole number from 1 to 64, got "many".
              hint: unset it or set auto or a number, e.g. export INFLUXSYNC_PARALLELISM=8

            """)
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, [])
    }
}
