import Foundation
import InfluxAPI
import InfluxSync
import XCTest

/// The apply lock, force-unlock and the mass-delete guard with the real binary against a
/// sandbox on loopback (issue 10 items 1 and 3).
final class ApplyLockEndToEndTests: SandboxTestCase {
    /// One file declaring `count` tasks `task-00`, `task-01`, ….
    private func writeTasks(_ count: Int) throws {
        let documents = (0..<count).map { Manifests.task(String(format: "task-%02d", $0)) }
        try workspace.write("tasks.yml", documents.joined(separator: "---\n"))
    }

    /// A lease label as another apply would have left it.
    @discardableResult
    private func createLease(host: String, pid: Int, started: String, expires: String) async throws -> InfluxLabel {
        try await sandbox.api.createLabel(
            LabelCreateRequest(
                orgID: try await sandbox.orgID(), name: "influxsync.lock",
                properties: [
                    "influxsync.role": "apply-lock", "influxsync.lockFor": "influxsync",
                    "host": host, "pid": String(pid), "started": started, "expires": expires,
                ]))
    }

    private func liveLabelNames() async throws -> [String] {
        try await sandbox.api.listLabels(orgID: try await sandbox.orgID()).map(\.name)
    }

    /// Starts two `apply` processes with the same arguments at once; their results in
    /// start order.
    private func applyTwiceTogether(_ arguments: [String]) async throws -> [CLIResult] {
        let harness: SandboxHarness = sandbox
        return try await withThrowingTaskGroup(of: (Int, CLIResult).self) { group in
            for index in 0..<2 {
                group.addTask { (index, try await harness.cli("apply", arguments)) }
            }
            var results: [(Int, CLIResult)] = []
            for try await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    private var forceUnlock: String {
        "influxsync force-unlock --host \(sandbox.baseURL) --org acme --token \"$INFLUX_TOKEN\" (with INFLUX_TOKEN set to the token passed with --token)"
    }

    /// `influxsync apply … | head -1`: the reader of standard output goes away before the
    /// first line. The apply still makes its writes, releases the lock and exits with its own
    /// status; nothing crashes (Foundation's writer used to stop the process with a backtrace,
    /// the lock left behind).
    func testAnApplyWhoseOutputIsClosedFinishesAndReleasesTheLock() async throws {
        try writeTasks(3)
        let applied = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"], closedOutput: true)
        XCTAssertEqual(applied.exitCode, 0, "\(applied)")
        XCTAssertEqual(applied.stderr, "")
        let taskNames = try await sandbox.tasks().map(\.name).sorted()
        XCTAssertEqual(taskNames, ["task-00", "task-01", "task-02"])
        let labelNames = try await liveLabelNames()
        XCTAssertEqual(labelNames, ["influxsync"])
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes.last.map { $0.hasPrefix("DELETE /api/v2/labels/") && $0.hasSuffix(" 204") }, true, "\(writes)")

        try writeTasks(4)
        let planned = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"], closedOutput: true)
        XCTAssertEqual(planned.exitCode, 2, "\(planned)")
        XCTAssertEqual(planned.stderr, "")
    }

    func testTwoAppliesStartedTogetherOneAppliesTheOtherFailsWithTheLockMessage() async throws {
        try writeTasks(50)
        try await sandbox.injectFault(#"{"path":"*","latencyMs":20,"count":0}"#)
        let results = try await applyTwiceTogether([workspace.path(), "--auto-approve"])

        let winners = results.filter { $0.exitCode == 0 }
        let losers = results.filter { $0.exitCode != 0 }
        XCTAssertEqual(winners.count, 1, "\(results)")
        XCTAssertEqual(losers.count, 1, "\(results)")
        XCTAssertTrue(winners.first?.stdout.hasSuffix("Apply complete: 51 changes done.\n") == true, "\(results)")
        let loser = try XCTUnwrap(losers.first)
        XCTAssertEqual(loser.exitCode, 1)
        XCTAssertEqual(loser.stdout, "")
        XCTAssertTrue(loser.stderr.hasPrefix("error: another apply holds the lock of owner label \"influxsync\" in org \"acme\": host "), loser.stderr)
        XCTAssertTrue(
            loser.stderr.hasSuffix("\n  hint: let it finish, or wait for it with --lock-timeout 10m; if that apply is no longer running, remove the lock with: \(forceUnlock)\n"),
            loser.stderr)

        let tasks = try await sandbox.tasks()
        XCTAssertEqual(tasks.count, 50)
        XCTAssertEqual(Set(tasks.map(\.name)).count, 50)
        let names = try await liveLabelNames()
        XCTAssertEqual(names, ["influxsync"])
        // The losing apply wrote nothing but its failed attempt at the lock.
        let lockCreates = try await sandbox.requests().filter { $0.method == "POST" && $0.path == "/api/v2/labels" }.map(\.status)
        XCTAssertEqual(lockCreates.sorted(), [201, 201, 422])
    }

    func testWithALockTimeoutTheSecondApplyWaitsThenFindsNothingToDo() async throws {
        try writeTasks(50)
        try await sandbox.injectFault(#"{"path":"*","latencyMs":20,"count":0}"#)
        let results = try await applyTwiceTogether([workspace.path(), "--auto-approve", "--lock-timeout", "10m"])

        XCTAssertEqual(results.map(\.exitCode), [0, 0], "\(results)")
        let applied = results.filter { $0.stdout.hasSuffix("Apply complete: 51 changes done.\n") }
        let waited = results.filter { $0.stdout == "No changes. Live state matches the manifests.\n" }
        XCTAssertEqual(applied.count, 1, "\(results)")
        XCTAssertEqual(waited.count, 1, "\(results)")
        XCTAssertTrue(waited.first?.stderr.hasPrefix("Waiting up to 10m for the apply lock influxsync.lock, held by host ") == true, "\(results)")
        let tasks = try await sandbox.tasks()
        XCTAssertEqual(tasks.count, 50)
        XCTAssertEqual(Set(tasks.map(\.name)).count, 50)
        let names = try await liveLabelNames()
        XCTAssertEqual(names, ["influxsync"])
    }

    func testPruneOfAnEmptyDirectoryIsRefusedAndNothingIsSent() async throws {
        try workspace.write("tasks.yml", Manifests.file(Manifests.label("team"), Manifests.task("cpu", labels: ["team"])))
        let setup = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(setup.exitCode, 0, "\(setup)")
        let empty = try Workspace()
        try await sandbox.clearRequests()

        for command in ["plan", "apply"] {
            let result = try await sandbox.cli(command, [empty.path(), "--prune", "--auto-approve"].filter { command == "apply" || $0 != "--auto-approve" })
            XCTAssertEqual(result.exitCode, 1, "\(result)")
            XCTAssertEqual(result.stdout, "")
            XCTAssertEqual(
                result.stderr,
                """
                warning: directory \(empty.path()) holds no *.yml, *.yaml, *.json or *.flux files
                error: refusing to \(command) with --prune: the manifests in "\(empty.path())" declare no Task and no Label, so every task and label owned by "influxsync" would be deleted; nothing was sent
                  hint: check the paths (a wrong directory looks exactly like this); to really delete everything influxsync owns there, add --allow-empty

                """)
        }
        let requests = try await sandbox.requests()
        XCTAssertEqual(requests, [])
        let tasks = try await sandbox.tasks()
        XCTAssertEqual(tasks.map(\.name), ["cpu"])

        // --allow-empty is the explicit override.
        let allowed = try await sandbox.cli("apply", [empty.path(), "--prune", "--allow-empty", "--auto-approve"])
        XCTAssertEqual(allowed.exitCode, 0, "\(allowed)")
        XCTAssertTrue(allowed.stdout.contains("Plan: 0 to add, 0 to change, 2 to destroy.\n"), allowed.stdout)
        let left = try await sandbox.tasks()
        XCTAssertEqual(left, [])
    }

    func testForceUnlockShowsTheHolderAndRemovesTheLock() async throws {
        try writeTasks(1)
        let lease = try await createLease(host: "ci-runner-7", pid: 4242, started: "2026-11-30T10:00:00Z", expires: "2099-01-01T00:00:00Z")

        let blocked = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(blocked.exitCode, 1, "\(blocked)")
        XCTAssertTrue(
            blocked.stderr.hasPrefix(
                "error: another apply holds the lock of owner label \"influxsync\" in org \"acme\": host ci-runner-7, process 4242, taken 2026-11-30T10:00:00Z ("), blocked.stderr)
        XCTAssertTrue(blocked.stderr.contains(" ago), expires 2099-01-01T00:00:00Z (label influxsync.lock, \(lease.id))\n"), blocked.stderr)
        let tasksWhileBlocked = try await sandbox.tasks()
        XCTAssertEqual(tasksWhileBlocked, [])

        let refused = try await sandbox.cli("force-unlock", [])
        XCTAssertEqual(refused.exitCode, 1, "\(refused)")
        XCTAssertTrue(
            refused.stdout.hasPrefix(
                "Apply lock influxsync.lock (\(lease.id)) of owner label \"influxsync\" in org \"acme\":\n  held by host ci-runner-7, process 4242, taken 2026-11-30T10:00:00Z ("),
            refused.stdout)
        XCTAssertEqual(
            refused.stderr,
            "error: refusing to remove the lock without confirmation: standard input is not a terminal\n  hint: make sure that apply is no longer running, then re-run with --auto-approve\n"
        )
        let stillThere = try await liveLabelNames()
        XCTAssertEqual(stillThere, ["influxsync.lock"])

        try await sandbox.clearRequests()
        let removed = try await sandbox.cli("force-unlock", ["--auto-approve"])
        XCTAssertEqual(removed.exitCode, 0, "\(removed)")
        XCTAssertTrue(removed.stdout.hasSuffix("expires 2099-01-01T00:00:00Z\nApply lock removed.\n"), removed.stdout)
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes, ["DELETE /api/v2/labels/\(lease.id) 204"])

        let again = try await sandbox.cli("force-unlock", ["--auto-approve"])
        XCTAssertEqual(again.exitCode, 0, "\(again)")
        XCTAssertEqual(again.stdout, "No apply lock is held for owner label \"influxsync\" in org \"acme\" (no label influxsync.lock).\n")

        let applied = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(applied.exitCode, 0, "\(applied)")
    }

    /// force-unlock of a lock whose apply still runs on this host (same process space, its
    /// process alive: here, the test process itself) is refused; one renewed moments ago on
    /// another host is removed with a warning (its apply is probably still running).
    func testForceUnlockRefusesALiveHolderOnThisHostAndWarnsOfAFreshLease() async throws {
        let formatter = ISO8601DateFormatter()
        let started = formatter.string(from: Date().addingTimeInterval(-10))
        let expires = formatter.string(from: Date().addingTimeInterval(290))
        let live = try await sandbox.api.createLabel(
            LabelCreateRequest(
                orgID: try await sandbox.orgID(), name: "influxsync.lock",
                properties: [
                    "influxsync.role": "apply-lock", "influxsync.lockFor": "influxsync", "host": ProcessInfo.processInfo.hostName,
                    "pid": String(getpid()), "processSpace": try XCTUnwrap(LeaseHolder.currentProcessSpace), "started": started, "expires": expires,
                ]))
        let refused = try await sandbox.cli("force-unlock", ["--auto-approve"])
        XCTAssertEqual(refused.exitCode, 1, "\(refused)")
        XCTAssertEqual(
            refused.stderr,
            "error: the apply holding this lock is still running (process \(getpid()) on this host); the lock was not removed\n  hint: let it finish: it removes the lock when it ends; to stop it sooner, interrupt it with: kill -INT \(getpid()) (it releases the lock too)\n"
        )
        let kept = try await liveLabelNames()
        XCTAssertEqual(kept, ["influxsync.lock"])

        try await sandbox.api.deleteLabel(id: live.id)
        try await createLease(host: "ci-runner-7", pid: 4242, started: started, expires: expires)
        let removed = try await sandbox.cli("force-unlock", ["--auto-approve"])
        XCTAssertEqual(removed.exitCode, 0, "\(removed)")
        XCTAssertEqual(
            removed.stderr,
            "warning: this lock was taken or renewed in the last 90 seconds, and a running apply renews it every minute: its apply is probably still running, and removing the lock lets another apply write at the same time\n"
        )
        XCTAssertTrue(removed.stdout.hasSuffix("Apply lock removed.\n"), removed.stdout)
        let gone = try await liveLabelNames()
        XCTAssertEqual(gone, [])
    }

    /// plan and drift made while an apply runs say so: what it is changing shows as changes
    /// or drift until it ends (a nightly drift job racing a deploy). An expired lock is not an
    /// apply running.
    func testPlanAndDriftNoteAnApplyThatHoldsTheLock() async throws {
        try writeTasks(1)
        let formatter = ISO8601DateFormatter()
        let started = formatter.string(from: Date().addingTimeInterval(-10))
        let lease = try await createLease(host: "ci-runner-7", pid: 4242, started: started, expires: formatter.string(from: Date().addingTimeInterval(290)))
        for command in ["plan", "drift"] {
            let result = try await sandbox.cli(command, [workspace.path(), "--no-server-checks"])
            XCTAssertTrue(
                result.stderr.contains(
                    "note: an apply of owner label \"influxsync\" is running (lock held by host ci-runner-7, process 4242, taken \(started) ("),
                "\(command): \(result)")
            XCTAssertTrue(result.stderr.contains("): what it is changing may show here until it ends\n"), "\(command): \(result)")
        }
        try await sandbox.api.deleteLabel(id: lease.id)
        try await createLease(host: "ci-runner-7", pid: 4242, started: "2026-11-30T10:00:00Z", expires: "2026-11-30T10:05:00Z")
        let expired = try await sandbox.cli("plan", [workspace.path(), "--no-server-checks"])
        XCTAssertFalse(expired.stderr.contains("is running"), "\(expired)")
    }

    func testAnExpiredLeaseIsTakenOver() async throws {
        try writeTasks(1)
        let stale = try await createLease(host: "gone", pid: 1, started: "2026-01-01T00:00:00Z", expires: "2026-01-01T00:05:00Z")
        try await sandbox.clearRequests()
        let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        let writes = try await sandbox.writes()
        XCTAssertEqual(writes.count, 7, "\(writes)")
        XCTAssertEqual(Array(writes.prefix(3)), ["POST /api/v2/labels 422", "DELETE /api/v2/labels/\(stale.id) 204", "POST /api/v2/labels 201"])
        XCTAssertTrue(writes.last?.hasPrefix("DELETE /api/v2/labels/") == true, "\(writes)")
        XCTAssertNotEqual(writes.last, "DELETE /api/v2/labels/\(stale.id) 204")
        let names = try await liveLabelNames()
        XCTAssertEqual(names, ["influxsync"])
    }

    func testPlanNeverLocksAndASavedPlanLocksButIgnoresTheLockInItsFingerprint() async throws {
        try writeTasks(2)
        let lease = try await createLease(host: "ci-runner-7", pid: 4242, started: "2026-11-30T10:00:00Z", expires: "2099-01-01T00:00:00Z")
        try await sandbox.clearRequests()
        let planFile = workspace.path("plan.json")
        let planned = try await sandbox.cli("plan", [workspace.path("tasks.yml"), "--out", planFile])
        XCTAssertEqual(planned.exitCode, 0, "\(planned)")
        XCTAssertFalse(planned.stdout.contains("lock"), planned.stdout)
        let planWrites = try await sandbox.writes()
        XCTAssertEqual(planWrites, [])
        let saved = try String(contentsOfFile: planFile, encoding: .utf8)
        XCTAssertFalse(saved.contains(lease.id), "the lease must not be in the saved plan's fingerprint")

        let blocked = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(blocked.exitCode, 1, "\(blocked)")
        XCTAssertTrue(blocked.stderr.hasPrefix("error: another apply holds the lock of owner label \"influxsync\" in org \"acme\": host ci-runner-7"), blocked.stderr)

        let unlocked = try await sandbox.cli("force-unlock", ["--auto-approve"])
        XCTAssertEqual(unlocked.exitCode, 0, "\(unlocked)")
        let applied = try await sandbox.cli("apply", [planFile])
        XCTAssertEqual(applied.exitCode, 0, "\(applied)")
        XCTAssertTrue(applied.stdout.hasSuffix("Apply complete: 3 changes done.\n"), applied.stdout)
        let names = try await liveLabelNames()
        XCTAssertEqual(names, ["influxsync"])
    }

    func testLockFalseSkipsTheLock() async throws {
        try writeTasks(1)
        try await createLease(host: "ci-runner-7", pid: 4242, started: "2026-11-30T10:00:00Z", expires: "2099-01-01T00:00:00Z")
        try await sandbox.clearRequests()
        let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--lock=false"])
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        let labelWrites = try await sandbox.writes().filter { $0.contains("/api/v2/labels") && !$0.hasPrefix("POST /api/v2/labels 201") }
        XCTAssertEqual(labelWrites, [])
    }

    func testSIGTERMDuringApplyReleasesTheLease() async throws {
        try writeTasks(20)
        try await sandbox.injectFault(#"{"path":"/api/v2/tasks","method":"POST","latencyMs":200,"count":0}"#)
        let apply = try BackgroundCLI.start(["apply", workspace.path(), "--auto-approve"] + sandbox.connectionArguments, workspace: workspace, test: self)
        let (process, errURL, exited) = (apply.process, apply.err, apply.exited)

        // Wait (generously) until the lock is held and a task create is under way.
        var started = false
        for _ in 0..<1200 {
            let requests = try await sandbox.requests()
            if requests.contains(where: { $0.method == "POST" && $0.path == "/api/v2/tasks" }) { started = true; break }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        XCTAssertTrue(started, "the apply never started creating tasks")
        let heldNames = try await liveLabelNames()
        XCTAssertTrue(heldNames.contains("influxsync.lock"), "\(heldNames)")
        process.terminate()
        await fulfillment(of: [exited], timeout: 120)

        XCTAssertEqual(process.terminationStatus, 143)
        // The create in flight was finished before the lock was released: it cannot land after
        // the next apply has read the live state (which would double that task).
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        XCTAssertTrue(stderr.hasPrefix("Interrupted by SIGTERM: finishing the request in flight, then stopping (interrupt again to stop at once)…\n"), stderr)
        XCTAssertTrue(
            stderr.hasSuffix(
                "\nerror: interrupted by SIGTERM; the apply lock was released. Requests already sent stay applied; run apply again to converge: influxsync apply \(workspace.path()) --host \(sandbox.baseURL) --token \"$INFLUX_TOKEN\" --org acme\n"
            ), stderr)
        let names = try await liveLabelNames()
        XCTAssertEqual(names, ["influxsync"])
        // Every task it created carries the owner label: a create answered after the signal
        // still got it (an unowned task could never be pruned, and ran for good).
        let created = try await sandbox.tasks()
        XCTAssertFalse(created.isEmpty)
        XCTAssertEqual(created.filter { !$0.labels.contains { $0.name == "influxsync" } }.map(\.name), [])

        // The next apply converges without duplicates.
        try await sandbox.clearRequests()
        let rerun = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(rerun.exitCode, 0, "\(rerun)")
        let tasks = try await sandbox.tasks()
        XCTAssertEqual(tasks.count, 20)
        XCTAssertEqual(Set(tasks.map(\.name)).count, 20)
    }
}
