import Foundation
import InfluxAPI
import InfluxSync
import XCTest

/// The apply lock under brief faults on its own requests, a holder that is gone, and signals
/// (issue 18 items 2 and 4), with the real binary against a sandbox on loopback: no lock is
/// left after a run that exits 0 or 1, a lock that cannot be removed fails the run with the
/// command that removes it, and one signal gives one release and one message.
final class LockFaultEndToEndTests: SandboxTestCase {
    private func writeTasks(_ count: Int) throws {
        let documents = (0..<count).map { Manifests.task(String(format: "task-%02d", $0)) }
        try workspace.write("tasks.yml", documents.joined(separator: "---\n"))
    }

    private func liveLabelNames() async throws -> [String] {
        try await sandbox.api.listLabels(orgID: try await sandbox.orgID()).map(\.name).sorted()
    }

    private var forceUnlock: String {
        "influxsync force-unlock --host \(sandbox.baseURL) --org acme --token \"$INFLUX_TOKEN\" (with INFLUX_TOKEN set to the token passed with --token)"
    }

    func testALostAnswerToTheLockCreateLeavesNoLockBehind() async throws {
        try writeTasks(2)
        // The first label create of an apply is the lock's.
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/labels","dropAnswer":true,"count":1}"#)
        let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        let labels = try await liveLabelNames()
        XCTAssertEqual(labels, ["influxsync"])
        let lockRequests = try await sandbox.requests().filter { $0.path.hasPrefix("/api/v2/labels") }.prefix(2).map { "\($0.method) \($0.path) \($0.status)" }
        XCTAssertEqual(lockRequests, ["POST /api/v2/labels 0", "GET /api/v2/labels 200"])
    }

    func testAFailedReleaseIsRetried() async throws {
        try writeTasks(2)
        try await sandbox.injectFault(#"{"method":"DELETE","path":"/api/v2/labels/:id","status":500,"count":1}"#)
        let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        let labels = try await liveLabelNames()
        XCTAssertEqual(labels, ["influxsync"])
    }

    /// The lock was gone when the apply released it (removed by force-unlock, or taken over
    /// while the apply ran): another apply may have written at the same time, so the run
    /// fails (exit 1) instead of reporting green with a warning.
    func testALockGoneAtReleaseFailsTheApply() async throws {
        try writeTasks(1)
        try await sandbox.injectFault(#"{"method":"DELETE","path":"/api/v2/labels/:id","status":404,"count":1}"#)
        let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertTrue(result.stdout.contains("Apply complete: "), "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            error: the apply finished, but the apply lock influxsync.lock was already gone when it was released: it was removed (force-unlock) or taken over while this apply ran, so another apply may have written at the same time
              hint: run plan to see where the org stands; once no other apply runs, apply again: it converges

            """)
    }

    /// The release keeps failing: the changes are applied, but the next pipeline would wait
    /// for the lock, so apply exits 1 and prints the command that removes it (pasteable: the
    /// token given with --token is read from INFLUX_TOKEN).
    func testAReleaseThatKeepsFailingFailsTheApplyAndNamesTheFix() async throws {
        try writeTasks(1)
        try await sandbox.injectFault(#"{"method":"DELETE","path":"/api/v2/labels/:id","status":500,"count":0}"#)
        let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        let lock = try await sandbox.label(named: "influxsync.lock")
        XCTAssertTrue(result.stdout.contains("Apply complete: "), "\(result)")
        XCTAssertTrue(
            result.stderr.hasSuffix(
                """
                error: the apply finished, but could not remove the apply lock label influxsync.lock (\(lock.id)): DELETE /api/v2/labels/\(lock.id): 500 internal error: injected fault: 500
                  hint: the next apply waits for this lock until it expires (5 minutes); remove it now with: \(forceUnlock)

                """), "\(result)")
        let deletes = try await sandbox.requests().filter { $0.method == "DELETE" && $0.path == "/api/v2/labels/\(lock.id)" }
        XCTAssertEqual(deletes.count, 4)
    }

    /// A lock left by a process of this host that is no longer running (killed): without a
    /// lock timeout the message says so; with one, the lock is taken over at once.
    func testALockOfAProcessGoneFromThisHost() async throws {
        try writeTasks(1)
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let pid = gone.processIdentifier
        let host = ProcessInfo.processInfo.hostName
        let started = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-30))
        let expires = ISO8601DateFormatter().string(from: Date().addingTimeInterval(270))
        let lease = try await sandbox.api.createLabel(
            LabelCreateRequest(
                orgID: try await sandbox.orgID(), name: "influxsync.lock",
                properties: [
                    "influxsync.role": "apply-lock", "influxsync.lockFor": "influxsync",
                    "host": host, "pid": String(pid), "started": started, "expires": expires,
                    "processSpace": try XCTUnwrap(LeaseHolder.currentProcessSpace),
                ]))

        let refused = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(refused.exitCode, 1, "\(refused)")
        XCTAssertTrue(
            refused.stderr.hasPrefix("error: the lock of owner label \"influxsync\" in org \"acme\" is held by host \(host), process \(pid), taken \(started) ("), "\(refused)")
        XCTAssertTrue(
            refused.stderr.hasSuffix(
                """
                expires \(expires) (label influxsync.lock, \(lease.id)), but that process is no longer running on this host: the apply that took it ended without releasing it
                  hint: take it over at once by running apply again with --lock-timeout 30s (a lock whose process is gone is taken over without waiting), or remove it with: \(forceUnlock)

                """), "\(refused)")

        let taken = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--lock-timeout", "30s"])
        XCTAssertEqual(taken.exitCode, 0, "\(taken)")
        XCTAssertFalse(taken.stderr.contains("Waiting"), "taken over without waiting: \(taken)")
        XCTAssertTrue(
            taken.stderr.contains(
                "note: taking over the apply lock influxsync.lock of an apply that ended without releasing it: host \(host), process \(pid), taken \(started) ("),
            "the takeover is said: \(taken)")
        let labels = try await liveLabelNames()
        XCTAssertEqual(labels, ["influxsync"])
    }

    /// A lock whose process ID belongs to another process space (another container with this
    /// host name, or a lease of an older version): nothing can be checked, so it is held, not
    /// taken over as "gone".
    func testALockFromAnotherProcessSpaceWithThisHostNameIsHeld() async throws {
        try writeTasks(1)
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let host = ProcessInfo.processInfo.hostName
        let expires = ISO8601DateFormatter().string(from: Date().addingTimeInterval(270))
        _ = try await sandbox.api.createLabel(
            LabelCreateRequest(
                orgID: try await sandbox.orgID(), name: "influxsync.lock",
                properties: [
                    "influxsync.role": "apply-lock", "influxsync.lockFor": "influxsync", "host": host, "pid": String(gone.processIdentifier),
                    "started": ISO8601DateFormatter().string(from: Date().addingTimeInterval(-30)), "expires": expires,
                    "processSpace": "another-boot/pid:[1]",
                ]))
        let refused = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--lock-timeout", "1s"])
        XCTAssertEqual(refused.exitCode, 1, "\(refused)")
        XCTAssertTrue(refused.stderr.contains("error: another apply holds the lock of owner label \"influxsync\" in org \"acme\" (waited 1s): "), "\(refused)")
        XCTAssertFalse(refused.stderr.contains("taking over"), "\(refused)")
        let labels = try await liveLabelNames()
        XCTAssertEqual(labels.sorted(), ["influxsync.lock"])
    }

    /// The lock label's properties are anyone's to edit: a hostile holder name is printed
    /// escaped, never as a new line or a terminal escape.
    func testAHostileHolderIsPrintedEscaped() async throws {
        try writeTasks(1)
        let expires = ISO8601DateFormatter().string(from: Date().addingTimeInterval(270))
        _ = try await sandbox.api.createLabel(
            LabelCreateRequest(
                orgID: try await sandbox.orgID(), name: "influxsync.lock",
                properties: [
                    "influxsync.role": "apply-lock", "influxsync.lockFor": "influxsync",
                    "host": "evil\n::error title=x::pwned\u{1B}]0;t\u{07}", "ci": "https://ci/\u{202E}x", "started": expires, "expires": expires,
                ]))
        let result = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertTrue(
            result.stderr.hasPrefix(
                "error: another apply holds the lock of owner label \"influxsync\" in org \"acme\": host evil\\n::error title=x::pwned\\u{1B}]0;t\\u{7} (https://ci/\\u{202E}x), taken "
            ), "\(result)")
        XCTAssertFalse(result.stderr.split(separator: "\n").contains { $0.hasPrefix("::") }, "\(result)")
        XCTAssertFalse(result.stderr.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" }, "\(result)")
    }

    // MARK: - Signals

    /// Starts `influxsync apply` in the background with standard output and error to files.
    private func startApplyCapturing(_ extra: [String] = []) throws -> (process: Process, out: URL, err: URL, exited: XCTestExpectation) {
        let started = try BackgroundCLI.start(
            ["apply", workspace.path(), "--auto-approve"] + extra + sandbox.connectionArguments, workspace: workspace, test: self)
        return (started.process, started.out, started.err, started.exited)
    }

    /// SIGTERM while the lock's create is on its way: the apply waits for it and removes what
    /// it stored (the lease landed after the process had exited, and blocked the next apply),
    /// and says no change was sent.
    func testASignalWhileTheLockCreateIsOnItsWayLeavesNoLock() async throws {
        try writeTasks(2)
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/labels","latencyMs":2000,"count":1}"#)
        let (process, errURL, exited) = try startApply()
        try await waitForRequests { $0.contains { $0.method == "GET" && $0.path == "/api/v2/orgs" } }
        try await Task.sleep(nanoseconds: 500_000_000)
        process.terminate()
        await fulfillment(of: [exited], timeout: 120)
        XCTAssertEqual(process.terminationStatus, 143)
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        XCTAssertEqual(stderr, "error: interrupted by SIGTERM; the apply lock was released. No change was sent.\n")
        try await Task.sleep(nanoseconds: 500_000_000)
        let labels = try await liveLabelNames()
        XCTAssertEqual(labels, [], "the lease stored after the signal was removed")
        let tasks = try await sandbox.tasks()
        XCTAssertEqual(tasks, [])
    }

    /// After a signal nothing is sent again: a create throttled with a long `Retry-After` is
    /// not retried (it was, 8 s after the signal, and created the task without its owner
    /// label), and the apply ends at once with its report.
    func testASignalStopsRetriesOfThrottledWrites() async throws {
        try writeTasks(4)
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","status":429,"retryAfter":20,"count":0}"#)
        let (process, out, err, exited) = try startApplyCapturing(["--parallelism", "2"])
        try await waitForRequests { $0.contains { $0.method == "POST" && $0.path == "/api/v2/tasks" } }
        let signalled = ContinuousClock.now
        process.terminate()
        await fulfillment(of: [exited], timeout: 120)
        let elapsed = ContinuousClock.now - signalled
        XCTAssertLessThan(elapsed, .seconds(10), "the apply waited out the 20 s Retry-After")
        XCTAssertEqual(process.terminationStatus, 143)
        let stdout = try String(contentsOf: out, encoding: .utf8)
        XCTAssertTrue(stdout.contains("Apply interrupted:"), stdout)
        let stderr = try String(contentsOf: err, encoding: .utf8)
        XCTAssertTrue(
            stderr.hasSuffix("error: interrupted by SIGTERM; the apply lock was released. Requests already sent stay applied; run apply again to converge: \(applyAgain)\n"),
            stderr)
        let tasks = try await sandbox.tasks()
        XCTAssertEqual(tasks, [], "no create was carried out")
        let labels = try await liveLabelNames()
        XCTAssertEqual(labels, ["influxsync"])
    }

    /// `timeout(1)` signals the apply and then its process group: the copy is the same signal,
    /// so the request in flight is still finished, the report printed and the lock released
    /// after it (the copy released the lock at once, with a create still on its way).
    func testTheSameSignalTwiceAtOnceIsOneSignal() async throws {
        try writeTasks(4)
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","latencyMs":1500,"count":0}"#)
        let (process, out, err, exited) = try startApplyCapturing(["--parallelism", "1"])
        try await waitForRequests { $0.contains { $0.method == "GET" && $0.path == "/api/v2/tasks" } }
        try await Task.sleep(nanoseconds: 700_000_000)
        process.terminate()
        process.terminate()
        await fulfillment(of: [exited], timeout: 120)
        XCTAssertEqual(process.terminationStatus, 143)
        let stdout = try String(contentsOf: out, encoding: .utf8)
        XCTAssertTrue(stdout.contains("Apply interrupted:"), stdout)
        let stderr = try String(contentsOf: err, encoding: .utf8)
        XCTAssertTrue(stderr.hasPrefix("Interrupted by SIGTERM: finishing the request in flight"), stderr)
        let requests = try await sandbox.requests().filter(\.isWrite).map { "\($0.method) \($0.path)" }
        let created = requests.lastIndex(of: "POST /api/v2/tasks")
        let released = requests.lastIndex { $0.hasPrefix("DELETE /api/v2/labels/") }
        XCTAssertNotNil(created, "\(requests)")
        XCTAssertNotNil(released, "\(requests)")
        if let created, let released { XCTAssertLessThan(created, released, "the lock was released after the create in flight: \(requests)") }
    }

    /// SIGINT while waiting for another apply's lock: that lock stays, and the message says
    /// this apply never held one (it said "the apply lock was released" once a create had been
    /// answered 422).
    func testASignalWhileWaitingForAnotherAppliesLockSaysItNeverHeldIt() async throws {
        try writeTasks(1)
        let started = ISO8601DateFormatter().string(from: Date())
        _ = try await sandbox.api.createLabel(
            LabelCreateRequest(
                orgID: try await sandbox.orgID(), name: "influxsync.lock",
                properties: [
                    "influxsync.role": "apply-lock", "influxsync.lockFor": "influxsync", "host": "otherhost", "pid": "1",
                    "started": started, "expires": "2099-01-01T00:00:00Z", "nonce": "abc",
                ]))
        let (process, errURL, exited) = try startApply(["--lock-timeout", "1m"])
        for _ in 0..<1200 {
            if (try? String(contentsOf: errURL, encoding: .utf8))?.contains("Waiting up to") == true { break }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        kill(process.processIdentifier, SIGINT)
        await fulfillment(of: [exited], timeout: 120)
        XCTAssertEqual(process.terminationStatus, 130)
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        XCTAssertTrue(stderr.hasSuffix("error: interrupted by SIGINT while waiting for the apply lock; this apply never held it and sent no change.\n"), stderr)
        let labels = try await liveLabelNames()
        XCTAssertEqual(labels, ["influxsync.lock"], "the other apply's lock stays")
    }

    /// With `--lock=false` a signal also finishes the request in flight and prints the report
    /// (it killed the apply on the spot, with no word).
    func testASignalWithoutTheLockStillReports() async throws {
        try writeTasks(4)
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","latencyMs":1500,"count":0}"#)
        let (process, out, err, exited) = try startApplyCapturing(["--parallelism", "1", "--lock=false"])
        try await waitForRequests { $0.contains { $0.method == "GET" && $0.path == "/api/v2/tasks" } }
        try await Task.sleep(nanoseconds: 700_000_000)
        process.terminate()
        await fulfillment(of: [exited], timeout: 120)
        XCTAssertEqual(process.terminationStatus, 143)
        let stdout = try String(contentsOf: out, encoding: .utf8)
        XCTAssertTrue(stdout.contains("Apply interrupted:"), stdout)
        let stderr = try String(contentsOf: err, encoding: .utf8)
        XCTAssertTrue(
            stderr.hasSuffix("error: interrupted by SIGTERM. Requests already sent stay applied; run apply again to converge: \(applyAgain) --lock=false\n"), stderr)
    }

    /// Starts `influxsync apply` in the background with standard error to a file.
    private func startApply(_ extra: [String] = []) throws -> (Process, URL, XCTestExpectation) {
        let started = try startApplyCapturing(extra)
        return (started.process, started.err, started.exited)
    }

    /// Polls the sandbox's request log until `seen` holds for it (at most a minute).
    private func waitForRequests(_ seen: ([LoggedRequest]) -> Bool) async throws {
        for _ in 0..<1200 {
            if seen(try await sandbox.requests()) { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        XCTFail("the awaited request never came")
    }

    /// This workspace's apply and plan commands, as an interrupted apply's message shows them.
    private var applyAgain: String { "influxsync apply \(workspace.path()) --host \(sandbox.baseURL) --token \"$INFLUX_TOKEN\" --org acme" }
    private var planAgain: String { "influxsync plan \(workspace.path()) --host \(sandbox.baseURL) --token \"$INFLUX_TOKEN\" --org acme" }

    private static let released = "error: interrupted by SIGINT; the apply lock was released. Requests already sent stay applied; run apply again to converge.\n"

    /// SIGINT while the live state is read (after the lock, before any write): one release,
    /// one message, exit 130 (before: "released" and "could not remove" both printed).
    func testSIGINTBeforeTheWritesReleasesOnceWithOneMessage() async throws {
        try writeTasks(3)
        try await sandbox.injectFault(#"{"method":"GET","path":"/api/v2/tasks","latencyMs":1500,"count":1}"#)
        let (process, errURL, exited) = try startApply()
        try await waitForRequests { $0.contains { $0.method == "GET" && $0.path == "/api/v2/labels" } }
        kill(process.processIdentifier, SIGINT)
        await fulfillment(of: [exited], timeout: 120)
        XCTAssertEqual(process.terminationStatus, 130)
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        XCTAssertEqual(stderr, "error: interrupted by SIGINT; the apply lock was released. No change was sent.\n")
        let labels = try await liveLabelNames()
        XCTAssertEqual(labels, [], "no lock left, and nothing was written (not even the owner label)")
        let tasks = try await sandbox.tasks()
        XCTAssertEqual(tasks, [])
    }

    /// Starts apply, sends `signal` half a second after the owner label was created (so during
    /// the first task's create, which a fault keeps in flight), and returns the exit status and
    /// standard error once it exits (within `timeout` seconds).
    private func signalDuringTheFirstCreate(_ signal: Int32, arguments: [String] = [], timeout: TimeInterval) async throws -> (Int32, String) {
        let (process, errURL, exited) = try startApply(arguments)
        // The owner label is created just before the first task's create.
        try await waitForRequests { $0.contains { $0.method == "POST" && $0.path == "/api/v2/labels" && $0.status == 201 } }
        try await Task.sleep(nanoseconds: 500_000_000)
        kill(process.processIdentifier, signal)
        await fulfillment(of: [exited], timeout: timeout)
        return (process.terminationStatus, try String(contentsOf: errURL, encoding: .utf8))
    }

    /// One SIGTERM while a request hangs: the apply waits 8 s for it, not its whole deadline
    /// (60 s: a CI runner or `docker stop` kills the job 10 s after SIGTERM, leaving the lock),
    /// then releases the lock and says the request may still be carried out.
    func testOneSignalWaitsForAHangingRequestOnlyEightSeconds() async throws {
        try writeTasks(3)
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","latencyMs":40000,"count":0}"#)
        // Well before the request's 40 s latency and 60 s deadline.
        let (status, stderr) = try await signalDuringTheFirstCreate(SIGTERM, arguments: ["--parallelism", "1"], timeout: 30)
        XCTAssertEqual(status, 143)
        XCTAssertEqual(
            stderr,
            """
            Interrupted by SIGTERM: finishing the request in flight, then stopping (interrupt again to stop at once)…
            error: interrupted by SIGTERM; the apply lock was released. The requests in flight had no answer after 8 s, so it stopped without waiting for them: they may still be carried out. Run plan before applying again: \(planAgain)

            """)
        let labels = try await liveLabelNames()
        XCTAssertEqual(labels, ["influxsync"])
    }

    /// SIGINT during the last request: nothing was left to stop, every change is done, so the
    /// message says the changes stand (it said "run apply again to converge" under "Apply
    /// complete").
    func testASignalDuringTheLastRequestSaysTheChangesStand() async throws {
        try writeTasks(1)
        // Long enough that the signal, sent half a second into it, lands while it is in flight.
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","latencyMs":3000,"count":1}"#)
        let (status, stderr) = try await signalDuringTheFirstCreate(SIGINT, timeout: 60)
        XCTAssertEqual(status, 130)
        XCTAssertEqual(
            stderr,
            """
            Interrupted by SIGINT: finishing the request in flight, then stopping (interrupt again to stop at once)…
            error: interrupted by SIGINT after the apply finished: its changes, reported above, stand.

            """)
        let tasks = try await sandbox.tasks()
        XCTAssertEqual(tasks.map { $0.labels.map(\.name) }, [["influxsync"]])
    }

    /// A second SIGINT during the writes stops at once: still one release and one message.
    func testASecondSIGINTDuringTheWritesReleasesOnceWithOneMessage() async throws {
        try writeTasks(10)
        // The first task's create is answered at once; every later one takes 20 s, so the one in
        // flight when the signals come (the second, sent as soon as the first was answered) lasts
        // well past the second signal, even on a loaded machine where the signals and the test's
        // polling come seconds late. (The sandbox logs a request when it answers it.)
        try await sandbox.injectFault(#"{"method":"POST","path":"/api/v2/tasks","skip":1,"latencyMs":20000,"count":0}"#)
        let (process, errURL, exited) = try startApply(["--parallelism", "1"])
        try await waitForRequests { $0.contains { $0.method == "POST" && $0.path == "/api/v2/tasks" } }
        try await Task.sleep(nanoseconds: 200_000_000)
        kill(process.processIdentifier, SIGINT)
        for _ in 0..<600 {
            if (try? String(contentsOf: errURL, encoding: .utf8))?.contains("Interrupted by SIGINT") == true { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        // (The same signal again within 200 ms is taken for a copy of the first.)
        try await Task.sleep(nanoseconds: 300_000_000)
        kill(process.processIdentifier, SIGINT)
        await fulfillment(of: [exited], timeout: 120)
        XCTAssertEqual(process.terminationStatus, 130)
        let stderr = try String(contentsOf: errURL, encoding: .utf8)
        XCTAssertTrue(stderr.hasPrefix("Interrupted by SIGINT: finishing the request in flight, then stopping (interrupt again to stop at once)…\n"), stderr)
        // Stopped at once: the message says what may still be on its way.
        XCTAssertTrue(
            stderr.hasSuffix(
                "error: interrupted by SIGINT; the apply lock was released. Interrupted again, it stopped without waiting for the requests on their way: they may still be carried out. Run plan before applying again: \(planAgain)\n"
            ), stderr)
        XCTAssertEqual(stderr.components(separatedBy: "error: interrupted").count, 2, "exactly one closing message: \(stderr)")
        XCTAssertFalse(stderr.contains("could not remove"), stderr)
        let labels = try await liveLabelNames()
        XCTAssertEqual(labels, ["influxsync"])
    }
}
