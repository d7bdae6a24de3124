import Foundation
import InfluxAPI
import InfluxSync
import XCTest

/// Fault-proven safety of the CLI (issue 18, "Done when"): at least 200 runs of the real
/// `influxsync apply --prune` binary, with the apply lock on, each with two to four random
/// faults of a hostile network injected through the sandbox's control API — throttling, 5xx,
/// dropped connections, truncated, lost, trickled and redirected answers, proxy HTML pages,
/// latency. After every run:
/// - the exit code is 0 or 1 (never a crash, never a hang: the request deadline is 1 s);
/// - no apply lock (`*.lock` label) remains, whatever the run's outcome;
/// - no task name exists twice;
/// - the resources the tool does not own (a person's label and task, which also carries one of
///   our labels) are untouched, and no write request named them.
/// Every 25 runs, and at the end, a clean run converges: apply exits 0, then
/// `plan --detailed-exitcode` exits 0.
///
/// The seed is printed; rerun one with `INFLUXSYNC_FAULT_SEED=<seed>`, and run more with
/// `INFLUXSYNC_CLI_FAULT_RUNS=1000 swift test --filter CLIFaultConvergenceTests`.
final class CLIFaultConvergenceTests: XCTestCase {
    static let runs = ProcessInfo.processInfo.environment["INFLUXSYNC_CLI_FAULT_RUNS"].flatMap(Int.init) ?? 200

    /// Every kind of fault: the library suite's (throttling, 5xx, drops, truncation, lost
    /// answers, latency) and those only a network in the way produces, with their
    /// `POST /sandbox/faults` effect fields.
    enum FaultKind: Hashable {
        case common(FaultConvergenceTests.FaultKind)
        case trickle, redirect, htmlPage

        static let all = FaultConvergenceTests.FaultKind.allCases.map(FaultKind.common) + [.trickle, .redirect, .htmlPage]

        var name: String {
            switch self {
            case .common(let kind): kind.rawValue
            case .trickle: "trickled answer"
            case .redirect: "redirect elsewhere"
            case .htmlPage: "proxy HTML page"
            }
        }

        func effect(_ rng: inout SeededGenerator) -> String {
            switch self {
            case .common(let kind): return kind.effect(&rng)
            case .trickle: return #""trickleMs":400"#
            case .redirect: return #""status":\#([301, 302, 307, 308].randomElement(using: &rng)!),"redirect":"http://127.0.0.1:9/elsewhere""#
            case .htmlPage: return #""status":\#([502, 504].randomElement(using: &rng)!),"html":true"#
            }
        }
    }

    func testTheCLIConvergesUnderRandomFaultsWithLockAndPrune() async throws {
        let seed =
            ProcessInfo.processInfo.environment["INFLUXSYNC_FAULT_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64(UInt32.max))
        print("cli fault convergence: seed \(seed) (rerun with INFLUXSYNC_FAULT_SEED=\(seed))")
        var rng = SeededGenerator(seed: seed)
        let workspace = try Workspace()
        try await SandboxHarness.with { sandbox in
            let orgID = try await sandbox.orgID()
            // What a person made by hand: never owned, never to be touched.
            let theirLabel = try await sandbox.api.createLabel(LabelCreateRequest(orgID: orgID, name: "their-label", properties: ["color": "#aaaaaa"]))
            let theirTask = try await sandbox.createTask(
                flux: "option task = {name: \"their-task\", every: 1h}\nfrom(bucket: \"x\") |> range(start: -1h)",
                labels: ["their-label"])
            let arguments = ["--auto-approve", "--prune", "--request-timeout", "1s", "--retry-backoff", "5ms"]
            // The person also put one of our labels on their task: --prune must keep that label
            // (it is in use by a task we do not manage) and never take it off their task.
            try workspace.write("main.yml", Manifests.label("team-a"))
            let seeded = try await sandbox.cli("apply", [workspace.path()] + arguments)
            XCTAssertEqual(seeded.exitCode, 0, "\(seeded)")
            try await sandbox.api.addTaskLabel(taskID: theirTask.id, labelID: try await sandbox.label(named: "team-a").id)
            let unownedBefore = try await Self.unowned(sandbox, taskID: theirTask.id, labelID: theirLabel.id)
            XCTAssertTrue(unownedBefore.contains("[\"their-label\", \"team-a\"]"), unownedBefore)

            var exits: [Int32: Int] = [:]
            var installed: [FaultKind: Int] = [:]
            var locksLeft = 0, duplicates = 0, unownedTouched = 0, cleanFailures = 0
            for run in 1...Self.runs {
                try workspace.write("main.yml", FaultConvergenceTests.randomManifests(&rng))
                for _ in 0..<Int.random(in: 2...4, using: &rng) {
                    let kind = FaultKind.all.randomElement(using: &rng)!
                    let target = FaultConvergenceTests.targets.randomElement(using: &rng)!
                    try await sandbox.injectFault(
                        #"{"method":"\#(target.method)","path":"\#(target.path)","skip":\#(Int.random(in: 0...3, using: &rng)),"count":1,\#(kind.effect(&rng))}"#)
                    installed[kind, default: 0] += 1
                }
                try await sandbox.clearRequests()
                let result = try await sandbox.cli("apply", [workspace.path()] + arguments)
                exits[result.exitCode, default: 0] += 1
                XCTAssertTrue(result.exitCode == 0 || result.exitCode == 1, "run \(run) (seed \(seed)): exit \(result)")
                _ = try await sandbox.raw("DELETE", "/sandbox/faults")

                let labels = try await sandbox.api.listLabels(orgID: orgID)
                let locks = labels.filter { $0.name.hasSuffix(".lock") }
                if !locks.isEmpty {
                    locksLeft += 1
                    XCTFail("run \(run) (seed \(seed)): a lock was left after exit \(result.exitCode): \(locks.map(\.name))\n\(result)")
                    for lock in locks { try await sandbox.api.deleteLabel(id: lock.id) }
                }
                let tasks = try await sandbox.tasks()
                for (name, copies) in Dictionary(grouping: tasks, by: \.name) where copies.count > 1 {
                    duplicates += copies.count - 1
                    XCTFail("run \(run) (seed \(seed)): task \(name) exists \(copies.count) times")
                }
                let touchedByRequest = try await sandbox.requests().filter {
                    $0.isWrite && ($0.path.contains(theirTask.id) || $0.path.contains(theirLabel.id))
                }
                let unownedNow = try await Self.unowned(sandbox, taskID: theirTask.id, labelID: theirLabel.id)
                if unownedNow != unownedBefore || !touchedByRequest.isEmpty {
                    unownedTouched += 1
                    XCTFail("run \(run) (seed \(seed)): an unowned resource was touched: \(touchedByRequest) \(unownedNow)")
                }

                if run % 25 == 0 || run == Self.runs {
                    let clean = try await sandbox.cli("apply", [workspace.path()] + arguments)
                    let plan = try await sandbox.cli("plan", [workspace.path(), "--prune", "--detailed-exitcode"])
                    if clean.exitCode != 0 || plan.exitCode != 0 {
                        cleanFailures += 1
                        XCTFail("run \(run) (seed \(seed)): no convergence without faults:\n\(clean)\n\(plan)")
                    }
                }
            }
            let kinds = FaultKind.all.map { "\($0.name) \(installed[$0] ?? 0)" }.joined(separator: ", ")
            print(
                "cli fault convergence: seed \(seed), \(Self.runs) CLI runs of apply --prune with the lock; exit 0: \(exits[0] ?? 0), exit 1: \(exits[1] ?? 0), other: \(exits.filter { $0.key > 1 }.values.reduce(0, +))"
            )
            print("cli fault convergence: faults injected by kind: \(kinds)")
            print("cli fault convergence: duplicates \(duplicates), locks left \(locksLeft), unowned touched \(unownedTouched), clean runs that did not converge \(cleanFailures)")
            XCTAssertEqual(duplicates, 0)
            XCTAssertEqual(locksLeft, 0)
            XCTAssertEqual(unownedTouched, 0)
            XCTAssertEqual(cleanFailures, 0)
        }
    }

    /// The person's task and label as the server has them (what a write would change).
    static func unowned(_ sandbox: SandboxHarness, taskID: String, labelID: String) async throws -> String {
        let task = try await sandbox.api.getTask(id: taskID)
        let label = try await sandbox.api.listLabels(orgID: try await sandbox.orgID()).first { $0.id == labelID }
        return "\(task.name) \(task.status) \(task.flux) \(task.updatedAt ?? "") \(task.labels.map(\.name)) | \(label.map { "\($0.name) \($0.properties)" } ?? "gone")"
    }
}
