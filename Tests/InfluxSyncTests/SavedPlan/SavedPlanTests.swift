import Foundation
import InfluxAPI
import XCTest

@testable import InfluxSync

final class SavedPlanTests: XCTestCase {
    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256Hex.digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256Hex.digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertNotEqual(SHA256Hex.digest(fields: ["ab", "c"]), SHA256Hex.digest(fields: ["a", "bc"]))
    }

    func testManifestDigestFindsFilesLikeTheLoaderAndNamesWhatChanged() throws {
        let dir = try CIFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("tasks"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try "kind: Label\n".write(to: dir.appendingPathComponent("labels.yml"), atomically: true, encoding: .utf8)
        try "kind: Task\n".write(to: dir.appendingPathComponent("tasks/cpu.yaml"), atomically: true, encoding: .utf8)
        try "option task = {name: \"x\", every: 1h}\n".write(to: dir.appendingPathComponent("tasks/x.flux"), atomically: true, encoding: .utf8)
        try "notes".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try "ignored".write(to: dir.appendingPathComponent(".git/config.json"), atomically: true, encoding: .utf8)
        let root = dir.path
        let before = try ManifestDigest.compute(paths: [root])
        XCTAssertEqual(before.files.map(\.path), ["\(root)/labels.yml", "\(root)/tasks/cpu.yaml", "\(root)/tasks/x.flux"])
        XCTAssertEqual(before.files[0].sha256, SHA256Hex.digest("kind: Label\n"))
        XCTAssertEqual(before.algorithm, "sha256")
        XCTAssertEqual(try ManifestDigest.compute(paths: [root]), before, "stable")

        try "kind: Task\nspec: {}\n".write(to: dir.appendingPathComponent("tasks/cpu.yaml"), atomically: true, encoding: .utf8)
        try fm.removeItem(at: dir.appendingPathComponent("tasks/x.flux"))
        try "{\"kind\": \"Label\"}".write(to: dir.appendingPathComponent("tasks/new.json"), atomically: true, encoding: .utf8)
        try "changed".write(to: dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let after = try ManifestDigest.compute(paths: [root])
        XCTAssertNotEqual(after.value, before.value)
        XCTAssertEqual(
            after.differences(since: before),
            [
                "manifest file \(root)/tasks/cpu.yaml changed",
                "manifest file \(root)/tasks/new.json was added",
                "manifest file \(root)/tasks/x.flux was removed",
            ])
    }

    /// Issue 9: only files that hold resources count. A saved plan, a JSON plan, a drift report
    /// and an apply result written next to the manifests, a CI configuration and a `.flux`
    /// file without `option task` never change the digest.
    func testManifestDigestLeavesOutToolOutputAndFilesWithoutResources() throws {
        let dir = try CIFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ text: String) throws {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("labels.yml", "apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: a\n")
        let root = dir.path
        let before = try ManifestDigest.compute(paths: [root])
        XCTAssertEqual(before.files.map(\.path), ["\(root)/labels.yml"])

        let saved = SavedPlan(
            createdAt: "2026-11-29T10:00:00Z", manifestPaths: [root], manifestDigest: before,
            liveFingerprint: LiveFingerprint(live: Self.live(tasks: [])), plan: CIFixtures.everyKindPlan)
        try write("plan.json", saved.encoded())
        try write("plan-report.json", JSONPlanRenderer.render(CIFixtures.everyKindPlan))
        try write("apply.json", JSONApplyRenderer.render(plan: CIFixtures.everyKindPlan, result: nil))
        try write(
            "drift.json", JSONDriftRenderer.render(DriftReport(orgID: CIFixtures.orgID, ownerLabel: "influxsync", checkedAt: "2026-11-29T10:00:00Z", findings: [], runHealth: [])))
        try write("compose.yml", "services:\n  db:\n    image: influxdb:2\n")
        try write("helper.flux", "x = 1\n")
        let after = try ManifestDigest.compute(paths: [root])
        XCTAssertEqual(after, before)
        XCTAssertEqual(after.differences(since: before), [])
    }

    func testToolOutputIsRecognisedByItsVersionMarkerAndShape() throws {
        let saved = SavedPlan(
            createdAt: "2026-11-29T10:00:00Z", manifestPaths: ["m"], manifestDigest: ManifestDigest(files: []),
            liveFingerprint: LiveFingerprint(live: Self.live(tasks: [])), plan: CIFixtures.everyKindPlan)
        func kind(_ text: String) -> ToolOutputDocument? { ToolOutputDocument.recognise(Data(text.utf8)) }
        XCTAssertEqual(kind(saved.encoded()), .savedPlan)
        XCTAssertEqual(kind(JSONPlanRenderer.render(CIFixtures.everyKindPlan)), .plan)
        XCTAssertEqual(kind(JSONApplyRenderer.render(plan: CIFixtures.everyKindPlan, result: nil)), .applyResult)
        XCTAssertEqual(
            kind(JSONDriftRenderer.render(DriftReport(orgID: CIFixtures.orgID, ownerLabel: "influxsync", checkedAt: "2026-11-29T10:00:00Z", findings: [], runHealth: []))),
            .driftReport)
        XCTAssertEqual(kind("{\"formatVersion\": 1, \"orgs\": [], \"tokens\": [], \"tasks\": [], \"labels\": [], \"users\": []}"), .sandboxState)
        // Templates and anything else are not tool output.
        XCTAssertNil(kind("{\"apiVersion\": \"influxdata.com/v2alpha1\", \"kind\": \"Label\", \"metadata\": {\"name\": \"a\"}, \"formatVersion\": 1, \"plan\": {}}"))
        XCTAssertNil(kind("[{\"formatVersion\": 1, \"plan\": {}}]"))
        XCTAssertNil(kind("{\"formatVersion\": \"1\", \"plan\": {}}"))
        XCTAssertNil(kind("{\"formatVersion\": 1}"))
        XCTAssertNil(kind("formatVersion: 1\nplan: {}\n"))
        XCTAssertNil(kind("{not json \"formatVersion\""))
    }

    func testManifestDigestErrors() {
        XCTAssertThrowsError(try ManifestDigest.compute(paths: ["/nonexistent/dir"])) { error in
            XCTAssertEqual("\(error)", "/nonexistent/dir: no such file or directory")
        }
        XCTAssertThrowsError(try ManifestDigest.compute(paths: ["-"])) { error in
            XCTAssertEqual("\(error)", "standard input (-) cannot be read again to check a saved plan; pass manifest files or directories instead")
        }
    }

    static func live(tasks: [InfluxTask], labels: [InfluxLabel] = [CIFixtures.ownerLabel]) -> LiveState {
        LiveState(org: InfluxOrg(id: CIFixtures.orgID, name: "acme"), labels: labels, tasks: tasks)
    }

    func testFingerprintIgnoresRunBookkeepingButSeesEveryEdit() {
        let a = CIFixtures.task("0000000000000b01", "cpu", latestCompleted: "2026-11-29T10:00:00Z", lastRunStatus: "success", updatedAt: "2026-11-28T09:00:00Z")
        let base = LiveFingerprint(live: Self.live(tasks: [a]))
        XCTAssertEqual(base.tasks.map(\.updatedAt), ["2026-11-28T09:00:00Z"])

        var ran = a
        ran.latestCompleted = "2026-11-29T11:00:00Z"
        ran.lastRunStatus = "failed"
        ran.lastRunError = "boom"
        XCTAssertEqual(LiveFingerprint(live: Self.live(tasks: [ran])).differences(since: base), [])

        var patched = a
        patched.flux += "// edited\n"
        patched.updatedAt = "2026-11-29T10:30:00Z"
        XCTAssertEqual(
            LiveFingerprint(live: Self.live(tasks: [patched])).differences(since: base),
            ["task \"cpu\" (0000000000000b01) changed since the plan (updatedAt 2026-11-28T09:00:00Z → 2026-11-29T10:30:00Z)"])

        var relabelled = a
        relabelled.labels = []
        XCTAssertEqual(
            LiveFingerprint(live: Self.live(tasks: [relabelled])).differences(since: base),
            ["task \"cpu\" (0000000000000b01) changed since the plan (its labels or content changed)"])

        let extra = CIFixtures.task("0000000000000b02", "mem", owned: false)
        XCTAssertEqual(
            LiveFingerprint(live: Self.live(tasks: [extra])).differences(since: base),
            [
                "task \"cpu\" (0000000000000b01) disappeared since the plan",
                "task \"mem\" (0000000000000b02) appeared since the plan",
            ])
    }

    /// With a scope, another configuration's tasks (its owner label, not ours) count only for
    /// what the plan reads of them; ours and unmanaged ones count whole, as before.
    func testScopedFingerprintLeavesOutWhatThePlanDoesNotReadOfAnotherConfigurationsTasks() {
        let theirOwner = InfluxLabel(
            id: "0000000000000a09", orgID: CIFixtures.orgID, name: "team-b", properties: [Ownership.roleProperty: Ownership.ownerLabelRole])
        let ourLabel = InfluxLabel(id: "0000000000000a02", orgID: CIFixtures.orgID, name: "prod", properties: [Ownership.ownerProperty: "influxsync"])
        let labels = [CIFixtures.ownerLabel, theirOwner, ourLabel]
        func theirs(_ id: String, _ name: String, flux: String = "x", labels extra: [InfluxLabel] = []) -> InfluxTask {
            var task = CIFixtures.task(id, name, owned: false, updatedAt: "2026-11-28T09:00:00Z", flux: flux)
            task.labels = [theirOwner] + extra
            return task
        }
        let ours = CIFixtures.task("0000000000000b01", "cpu", updatedAt: "2026-11-28T09:00:00Z")
        let unmanaged = CIFixtures.task("0000000000000b02", "loose", owned: false, updatedAt: "2026-11-28T09:00:00Z")
        let scope = LiveFingerprint.Scope(ownerLabel: "influxsync", taskNames: ["cpu", "mem", "old-mem"], taskIDs: ["0000000000000B07"])
        let before = [ours, unmanaged, theirs("0000000000000c01", "their-job"), theirs("0000000000000c02", "shares-prod", labels: [ourLabel])]
        let base = LiveFingerprint(live: Self.live(tasks: before, labels: labels), scope: scope)
        XCTAssertEqual(base.tasks.map(\.id), ["0000000000000b01", "0000000000000b02", "0000000000000c02"])
        XCTAssertEqual(base.tasks.last?.updatedAt, nil, "only name and labels of theirs are read")

        // Their apply edits their task, creates another and changes the script of one that carries our label.
        var edited = before
        edited[2] = theirs("0000000000000c01", "their-job", flux: "y")
        edited[2].updatedAt = "2026-11-29T10:00:00Z"
        edited[3] = theirs("0000000000000c02", "shares-prod", flux: "z", labels: [ourLabel])
        edited.append(theirs("0000000000000c03", "their-new-job"))
        XCTAssertEqual(LiveFingerprint(live: Self.live(tasks: edited, labels: labels), scope: scope).differences(since: base), [])

        // What the plan reads of theirs: a name it could match (or a previous name), a pinned
        // ID, our label taken off or put on.
        var read = edited
        read[2].name = "old-mem"
        read[3].labels = [theirOwner]
        read.append(theirs("0000000000000c04", "mem"))
        read.append(theirs("0000000000000b07", "pinned"))
        read.append(theirs("0000000000000c05", "takes-prod", labels: [ourLabel]))
        XCTAssertEqual(
            LiveFingerprint(live: Self.live(tasks: read, labels: labels), scope: scope).differences(since: base),
            [
                "task \"pinned\" (0000000000000b07) appeared since the plan",
                "task \"old-mem\" (0000000000000c01) appeared since the plan",
                "task \"shares-prod\" (0000000000000c02) disappeared since the plan",
                "task \"mem\" (0000000000000c04) appeared since the plan",
                "task \"takes-prod\" (0000000000000c05) appeared since the plan",
            ])

        // Ours and unmanaged ones count whole; a task carrying both owner labels is ours too.
        var mine = before
        mine[0].flux += "// edited\n"
        mine[1].description = "now described"
        mine[2].labels.append(CIFixtures.ownerLabel)
        XCTAssertEqual(
            LiveFingerprint(live: Self.live(tasks: mine, labels: labels), scope: scope).differences(since: base),
            [
                "task \"cpu\" (0000000000000b01) changed since the plan (its labels or content changed)",
                "task \"loose\" (0000000000000b02) changed since the plan (its labels or content changed)",
                "task \"their-job\" (0000000000000c01) appeared since the plan",
            ])
    }

    func testFingerprintLabelsAndOrg() {
        let prod = InfluxLabel(id: "0000000000000a01", orgID: CIFixtures.orgID, name: "prod", properties: ["color": "#ff0000"])
        let base = LiveFingerprint(live: Self.live(tasks: [], labels: [CIFixtures.ownerLabel, prod]))
        var recoloured = prod
        recoloured.properties["color"] = "#00ff00"
        XCTAssertEqual(
            LiveFingerprint(live: Self.live(tasks: [], labels: [CIFixtures.ownerLabel, recoloured])).differences(since: base),
            ["label \"prod\" (0000000000000a01) changed since the plan"])
        var renamed = prod
        renamed.name = "production"
        XCTAssertEqual(
            LiveFingerprint(live: Self.live(tasks: [], labels: [renamed])).differences(since: base),
            [
                "label \"influxsync\" (0000000000000a00) disappeared since the plan",
                "label \"production\" (0000000000000a01) changed since the plan (renamed from \"prod\")",
            ])
        var other = LiveFingerprint(live: Self.live(tasks: [], labels: [CIFixtures.ownerLabel, prod]))
        other.orgID = "1111111111111111"
        XCTAssertEqual(other.differences(since: base), ["org ID changed: 0a0b0c0d0e0f1011 → 1111111111111111"])
        // In another org every resource differs too: the org alone is said.
        var elsewhere = LiveFingerprint(live: Self.live(tasks: [], labels: [renamed]))
        elsewhere.orgID = "1111111111111111"
        XCTAssertEqual(elsewhere.differences(since: base), ["org ID changed: 0a0b0c0d0e0f1011 → 1111111111111111"])
    }

    func testSavedPlanRoundTripsAndHoldsNoSecrets() throws {
        let live = Self.live(tasks: [CIFixtures.task("0000000000000b01", "cpu")])
        let saved = SavedPlan(
            createdAt: "2026-11-29T10:00:00Z", manifestPaths: ["examples/"],
            manifestDigest: ManifestDigest(files: [.init(path: "examples/a.yml", sha256: SHA256Hex.digest("a"))]),
            liveFingerprint: LiveFingerprint(live: live), plan: CIFixtures.everyKindPlan)
        let text = saved.encoded()
        XCTAssertTrue(text.hasPrefix("{\n  \"createdAt\" : \"2026-11-29T10:00:00Z\",\n  \"formatVersion\" : 2,\n"), text)
        XCTAssertFalse(text.lowercased().contains("token"))
        let decoded = try SavedPlan.decode(Data(text.utf8), source: "p.json")
        XCTAssertEqual(decoded, saved)
        XCTAssertEqual(decoded.plan.operations, CIFixtures.everyKindPlan.operations)
        XCTAssertEqual(decoded.staleness(manifests: saved.manifestDigest, live: LiveFingerprint(live: live)), [])
    }

    /// Issue 21 item 2: a format 1 document (paths as given, no target) is still read, with
    /// no path base, so its paths are used as they are.
    func testFormatOneIsStillReadWithPathsAsGiven() throws {
        let live = Self.live(tasks: [])
        let saved = SavedPlan(
            createdAt: "2026-11-29T10:00:00Z", target: "staging", manifestPathBase: .targetsFile, manifestPaths: ["/abs/m"],
            manifestDigest: ManifestDigest(files: []), liveFingerprint: LiveFingerprint(live: live), plan: CIFixtures.everyKindPlan)
        let old = saved.encoded().replacingOccurrences(of: "\"formatVersion\" : 2", with: "\"formatVersion\" : 1")
        let decoded = try SavedPlan.decode(Data(old.utf8), source: "p.json")
        XCTAssertEqual(decoded.formatVersion, 1)
        XCTAssertNil(decoded.target)
        XCTAssertNil(decoded.manifestPathBase)
        XCTAssertEqual(decoded.resolvedManifestPaths(baseDirectory: "/elsewhere", workingDirectory: "/abs"), ["/abs/m"])
    }

    /// Issue 21 item 2: paths are stored relative to the base directory, so the same plan
    /// checks clean from a checkout in another directory, and a moved file is named relative
    /// to the working directory.
    func testSavedPlanPathsAreRelativeToTheirBaseAndSurviveAMovedCheckout() throws {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("savedplan-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: tmp) }
        let first = tmp.appendingPathComponent("job1/repo").path, second = tmp.appendingPathComponent("job2/repo").path
        for root in [first, second] {
            try fm.createDirectory(atPath: root + "/tasks", withIntermediateDirectories: true)
            try Data("apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: ops\n".utf8).write(to: URL(fileURLWithPath: root + "/tasks/ops.yml"))
        }
        let live = Self.live(tasks: [])
        let saved = SavedPlan.make(
            plan: Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync"), manifestPaths: [first + "/tasks"],
            manifestDigest: try ManifestDigest.compute(paths: [first + "/tasks"]), live: live,
            createdAt: Date(timeIntervalSince1970: 0), target: "staging", baseDirectory: first, workingDirectory: first)
        XCTAssertEqual(saved.target, "staging")
        XCTAssertEqual(saved.manifestPathBase, .targetsFile)
        XCTAssertEqual(saved.manifestPaths, ["tasks"])
        XCTAssertEqual(saved.manifestDigest.files.map(\.path), ["tasks/ops.yml"])
        XCTAssertEqual(saved.resolvedManifestPaths(baseDirectory: second, workingDirectory: second), ["tasks"])
        XCTAssertEqual(saved.resolvedManifestPaths(baseDirectory: second, workingDirectory: tmp.path), ["job2/repo/tasks"])
        XCTAssertNoThrow(try saved.verify(source: "p.json", live: live, baseDirectory: second, replanCommand: "x", workingDirectory: second))

        try Data("apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: dev\n".utf8).write(to: URL(fileURLWithPath: second + "/tasks/ops.yml"))
        XCTAssertThrowsError(
            try saved.verify(
                source: "p.json", live: live, baseDirectory: second, replanCommand: "influxsync plan --out p.json --target staging",
                workingDirectory: second)
        ) { error in
            XCTAssertEqual(
                (error as! SavedPlanError).message,
                """
                saved plan p.json is stale; nothing was applied. Since the plan was made:
                  - manifest file tasks/ops.yml changed
                  hint: make and review a new plan: influxsync plan --out p.json --target staging
                """)
        }
    }

    /// A plan saved beside the manifests (`out/plan.json`, manifests in `tasks/`) stores
    /// `../tasks`, so the checkout moved with its plan still applies (the path was absolute);
    /// paths that share nothing but `/` stay absolute.
    func testPathsOutsideThePlansDirectoryWalkUpToTheSharedDirectory() throws {
        let fm = FileManager.default
        let tmp = fm.temporaryDirectory.appendingPathComponent("savedplan-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: tmp) }
        let first = tmp.appendingPathComponent("ci1").path, second = tmp.appendingPathComponent("ci3").path
        for root in [first, second] {
            try fm.createDirectory(atPath: root + "/tasks", withIntermediateDirectories: true)
            try fm.createDirectory(atPath: root + "/out", withIntermediateDirectories: true)
            try Data("apiVersion: influxdata.com/v2alpha1\nkind: Label\nmetadata:\n  name: ops\n".utf8).write(to: URL(fileURLWithPath: root + "/tasks/ops.yml"))
        }
        let live = Self.live(tasks: [])
        let saved = SavedPlan.make(
            plan: Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync"), manifestPaths: ["tasks"],
            manifestDigest: try ManifestDigest.compute(paths: [first + "/tasks"]), live: live,
            createdAt: Date(timeIntervalSince1970: 0), baseDirectory: first + "/out", workingDirectory: first)
        XCTAssertEqual(saved.manifestPaths, ["../tasks"])
        XCTAssertEqual(saved.manifestDigest.files.map(\.path), ["../tasks/ops.yml"])
        XCTAssertEqual(saved.resolvedManifestPaths(baseDirectory: second + "/out", workingDirectory: second), ["tasks"])
        XCTAssertNoThrow(try saved.verify(source: "out/p.json", live: live, baseDirectory: second + "/out", replanCommand: "x", workingDirectory: second))
        XCTAssertEqual(PathRelativity.stored("/etc/hosts", relativeTo: "/tmp/out", workingDirectory: "/tmp"), "/etc/hosts")
        XCTAssertEqual(PathRelativity.stored("/a/b/c", relativeTo: "/a/x/y", workingDirectory: "/a"), "../../b/c")
        XCTAssertEqual(PathRelativity.stored("tasks", relativeTo: ".", workingDirectory: "/repo"), "tasks")
        // A plan saved outside the checkout (CI's temporary directory) keeps absolute paths.
        XCTAssertEqual(PathRelativity.stored("manifests", relativeTo: "/runner/_temp", workingDirectory: "/runner/work/repo"), "/runner/work/repo/manifests")
    }

    func testDecodeErrorsNameTheProblem() {
        func message(_ text: String) -> String {
            do { _ = try SavedPlan.decode(Data(text.utf8), source: "p.json"); return "no error" } catch { return error.message }
        }
        XCTAssertEqual(message("not json"), "p.json: not a saved plan: the file is not a JSON object")
        XCTAssertEqual(message("{\"changes\": []}"), "p.json: not a saved plan: no \"formatVersion\" (write one with `influxsync plan --out p.json`)")
        XCTAssertEqual(message("{\"formatVersion\": 3}"), "p.json: saved plan formatVersion 3 is not supported; this influxsync reads formatVersion 1 and 2")
        XCTAssertEqual(message("{\"formatVersion\": 1, \"createdAt\": \"x\"}"), "p.json: malformed saved plan: missing key \"manifestPaths\" at the top level")
    }

    func testStaleMessageListsManifestsThenLiveState() {
        let live = Self.live(tasks: [CIFixtures.task("0000000000000b01", "cpu", updatedAt: "2026-11-28T09:00:00Z")])
        let saved = SavedPlan(
            createdAt: "2026-11-29T10:00:00Z", manifestPaths: ["m"],
            manifestDigest: ManifestDigest(files: [.init(path: "m/a.yml", sha256: "1")]),
            liveFingerprint: LiveFingerprint(live: live), plan: Plan(orgID: CIFixtures.orgID, ownerLabel: "influxsync"))
        var moved = live
        moved.tasks[0].updatedAt = "2026-11-29T10:05:00Z"
        moved.tasks[0].status = "inactive"
        let reasons = saved.staleness(manifests: ManifestDigest(files: [.init(path: "m/a.yml", sha256: "2")]), live: LiveFingerprint(live: moved))
        XCTAssertEqual(
            SavedPlanError.stale(
                source: "p.json", reasons: reasons,
                command: saved.replanCommand(source: "p.json", manifestArguments: saved.manifestPaths, connectionFlags: ["--org", "acme"])
            ).message,
            """
            saved plan p.json is stale; nothing was applied. Since the plan was made:
              - manifest file m/a.yml changed
              - task "cpu" (0000000000000b01) changed since the plan (updatedAt 2026-11-28T09:00:00Z → 2026-11-29T10:05:00Z)
              hint: make and review a new plan: influxsync plan m --out p.json --org acme
            """)
    }

    /// The re-plan hint is a complete, pasteable command: every manifest path, `--out`, the
    /// owner label when not the default, `--prune` when the plan deletes, the connection flags
    /// as given; words with spaces or quotes are shell-quoted.
    func testReplanCommandIsCompleteAndQuoted() {
        var plan = CIFixtures.everyKindPlan
        plan.ownerLabel = "team ops"
        let saved = SavedPlan(
            createdAt: "2026-11-29T10:00:00Z", manifestPaths: ["labels", "my tasks/it's.yml"],
            manifestDigest: ManifestDigest(files: []), liveFingerprint: LiveFingerprint(live: Self.live(tasks: [])), plan: plan)
        XCTAssertEqual(
            saved.replanCommand(source: "out/p.json", manifestArguments: saved.manifestPaths, connectionFlags: ["--sandbox", "state.json"]),
            "influxsync plan labels 'my tasks/it'\\''s.yml' --out out/p.json --owner-label 'team ops' --prune --sandbox state.json")
        XCTAssertEqual(ShellWords.quote(""), "''")
        XCTAssertEqual(ShellWords.quote("https://h:8086/x"), "https://h:8086/x")
        XCTAssertEqual(ShellWords.quote("a$b"), "'a$b'")
    }
}
