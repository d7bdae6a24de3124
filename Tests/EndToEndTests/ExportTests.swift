import Flux
import Foundation
import InfluxAPI
import XCTest

/// `influxsync export` against a sandbox seeded by hand through the API: the exported files
/// plan as adoptions only, and after apply the plan is `No changes`.
final class ExportTests: SandboxTestCase {
    /// Eight labels of the kinds people make by hand: colons, non-ASCII, multi-line
    /// descriptions, properties influxsync does not manage.
    private func seedLabels() async throws -> [InfluxLabel] {
        let orgID = try await sandbox.orgID()
        let specs: [(String, [String: String])] = [
            ("team:ops", ["color": "#326BBA", "description": "Operations"]),
            ("Überwachung", ["color": "#F95F53", "description": "Alerts\nand checks\n"]),
            ("downsampling", ["color": "#22ADF6"]),
            ("prod", ["color": "#FFFFFF", "owner": "sre", "tier": "1"]),
            ("null", [:]),
            ("#hash", ["description": "  leading spaces"]),
            ("温度", ["description": "temperature"]),
            ("say \"hi\"", ["color": "#000000", "description": "back\\slash"]),
        ]
        var labels: [InfluxLabel] = []
        for (name, properties) in specs {
            labels.append(try await sandbox.api.createLabel(LabelCreateRequest(orgID: orgID, name: name, properties: properties)))
        }
        return labels
    }

    /// Thirty tasks: imports, cron with seconds, `every: 1d`, offsets, inactive, quotes,
    /// backslashes and non-ASCII in names, multi-line descriptions, two with the same name.
    private func seedTasks(_ labels: [InfluxLabel]) async throws {
        func header(_ name: String, _ schedule: String) -> String {
            "option task = {name: \(FluxStringLiteral.quote(name)), \(schedule)}"
        }
        var scripts: [(flux: String, status: String, description: String?, labels: [Int])] = []
        for index in 0..<12 {
            scripts.append(
                (
                    "\(header("downsample \(index)", "every: \(index + 1)h"))\n\nfrom(bucket: \"raw\")\n    |> range(start: -task.every)\n    |> aggregateWindow(every: 1m, fn: mean)\n    |> to(bucket: \"ds\")\n",
                    "active", index % 3 == 0 ? "Downsample \(index)" : nil, [2, index % 8]
                ))
        }
        scripts += [
            (
                "import \"strings\"\nimport \"influxdata/influxdb/tasks\"\n\n\(header("with imports", "every: 1d"))\n\nfrom(bucket: \"b\")\n    |> range(start: tasks.lastSuccess(orTime: -task.every))\n    |> filter(fn: (r) => strings.hasPrefix(v: r.host, prefix: \"web\"))\n",
                "active", "Daily", [0]
            ),
            ("\(header("cron seconds", "cron: \"*/30 * * * * *\""))\nfrom(bucket: \"b\") |> range(start: -1m)\n", "active", nil, [1]),
            ("\(header("every day", "every: 1d, offset: 15m"))\nfrom(bucket: \"b\") |> range(start: -1d)\n", "active", nil, []),
            ("\(header("negative offset", "every: 1h, offset: -30s"))\nfrom(bucket: \"b\") |> range(start: -1h)\n", "active", nil, []),
            ("\(header("paused", "every: 10m"))\nfrom(bucket: \"b\") |> range(start: -10m)\n", "inactive", "Paused until\nthe thresholds\nare agreed\n", [1, 3]),
            ("\(header("say \"hi\"", "every: 5m"))\nfrom(bucket: \"b\") |> range(start: -5m)\n", "active", "quotes \"inside\"", [7]),
            ("\(header("back\\slash", "every: 5m"))\nfrom(bucket: \"b\") |> range(start: -5m) |> filter(fn: (r) => r.path =~ /C:\\\\tmp/)\n", "active", "C:\\tmp", []),
            ("\(header("Überwachung – 温度", "every: 1m"))\nfrom(bucket: \"温度\") |> range(start: -1m)\n", "active", "Température 🚀", [1, 6]),
            ("\(header("concurrency", "every: 1m, concurrency: 3, retry: 2"))\nfrom(bucket: \"b\") |> range(start: -1m)\n", "active", nil, []),
            ("\(header("commented", "every: 2h"))\n\n// keep this comment\nx = 1\n\n// and this one\nfrom(bucket: \"b\") |> range(start: -2h)\n", "active", "null", [4]),
            ("\(header("same name", "every: 1h"))\nfrom(bucket: \"a\") |> range(start: -1h)\n", "active", nil, []),
            ("\(header("same name", "every: 1h"))\nfrom(bucket: \"b\") |> range(start: -1h)\n", "inactive", nil, []),
            ("\(header("  spaced name", "every: 1h"))\nfrom(bucket: \"b\") |> range(start: -1h)\n", "active", "  leading", [5]),
            ("\(header("cron plain", "cron: \"0 3 * * 1-5\""))\nfrom(bucket: \"b\") |> range(start: -1d)\n", "active", "#not a comment", []),
            ("\(header("monthly", "every: 1mo"))\nfrom(bucket: \"b\") |> range(start: -1mo)\n", "active", nil, []),
            ("\(header("trailing spaces", "every: 1h"))\nfrom(bucket: \"b\")   \n\t|> range(start: -1h)\n", "active", "true", []),
            ("\(header("yes", "every: 1h"))\nfrom(bucket: \"b\") |> range(start: -1h)\n", "active", "- dash", []),
            ("\(header("last", "every: 1w"))\nfrom(bucket: \"b\") |> range(start: -1w)\n", "active", "key: value", [0, 1, 2, 3]),
        ]
        XCTAssertEqual(scripts.count, 30)
        let orgID = try await sandbox.orgID()
        for script in scripts {
            let task = try await sandbox.api.createTask(TaskCreateRequest(orgID: orgID, flux: script.flux, status: script.status, description: script.description))
            for index in Set(script.labels) {
                try await sandbox.api.addTaskLabel(taskID: task.id, labelID: labels[index].id)
            }
        }
    }

    func testExportPlansOnlyAdoptionsAndConvergesAfterApply() async throws {
        let labels = try await seedLabels()
        try await seedTasks(labels)
        let out = workspace.path("exported")
        try await sandbox.clearRequests()

        let export = try await sandbox.cli("export", ["--out", out])
        XCTAssertEqual(export.exitCode, 0, export.description)
        XCTAssertEqual(
            export.stdout,
            "Exported 30 tasks and 8 labels to \(out) (31 files).\nNext: influxsync plan \(out) --host \(sandbox.baseURL) --token \"$INFLUX_TOKEN\" --org \(SandboxHarness.org)   (the plan adopts them; apply makes them managed)\n"
        )
        let writesBefore = try await sandbox.writes()

        let plan = try await sandbox.cli("plan", [out, "--format", "json", "--detailed-exitcode"])
        XCTAssertEqual(plan.exitCode, 2, plan.description)
        let document = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as! [String: Any]
        let changes = document["changes"] as! [[String: Any]]
        let actions = changes.map { "\($0["action"] as! String) \(($0["resource"] as! [String: Any])["kind"] as! String)" }
        XCTAssertEqual(actions.first, "create Label", "the owner label")
        XCTAssertEqual(Array(actions.dropFirst()), Array(repeating: "adopt Label", count: 8) + Array(repeating: "adopt Task", count: 30))
        for change in changes.dropFirst() {
            let fields = (change["fields"] as! [[String: Any]]).map { $0["field"] as! String }
            // An adopt changes nothing but ownership: the owner label (tasks) or property (labels).
            let kind = (change["resource"] as! [String: Any])["kind"] as! String
            XCTAssertEqual(fields, kind == "Task" ? ["owner label"] : ["property influxsync.owner"], "\(change["resource"]!)")
        }

        let apply = try await sandbox.cli("apply", [out, "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, apply.description)
        // (The exported tasks read buckets this sandbox does not have; the bucket check is
        // ServerCheckTests' subject, not this test's.)
        let again = try await sandbox.cli("plan", [out, "--detailed-exitcode", "--no-server-checks"])
        XCTAssertEqual(again.exitCode, 0, again.description)
        XCTAssertEqual(again.stdout, "No changes. Live state matches the manifests.\n")

        // Labels keep the properties influxsync does not manage; export itself wrote nothing.
        XCTAssertEqual(writesBefore, [])
        let prod = try await sandbox.label(named: "prod")
        XCTAssertEqual(prod.properties, ["color": "#FFFFFF", "owner": "sre", "tier": "1", "influxsync.owner": "influxsync"])
    }

    /// `export --out -` writes one YAML stream to standard output (the summary to standard
    /// error), and that stream plans as adoptions only (issue 17).
    func testExportToStandardOutputIsOneYAMLStreamThatPlans() async throws {
        let labels = try await seedLabels()
        try await seedTasks(labels)
        let export = try await sandbox.cli("export", ["--out", "-"])
        XCTAssertEqual(export.exitCode, 0, export.description)
        XCTAssertEqual(export.stderr, "Exported 30 tasks and 8 labels to standard output.\n")
        XCTAssertTrue(export.stdout.contains("\nkind: Task\n"), export.stdout)
        let plan = try await sandbox.cli("plan", ["-", "--detailed-exitcode", "--format", "json"], input: export.stdout)
        XCTAssertEqual(plan.exitCode, 2, plan.description)
        let document = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as! [String: Any]
        let actions = (document["changes"] as! [[String: Any]]).map { "\($0["action"] as! String) \(($0["resource"] as! [String: Any])["kind"] as! String)" }
        XCTAssertEqual(
            actions, ["create Label"] + Array(repeating: "adopt Label", count: 8) + Array(repeating: "adopt Task", count: 30),
            "the owner label, then adoptions only")
        let flux = try await sandbox.cli("export", ["--out", "-", "--format", "flux"])
        XCTAssertEqual(flux.exitCode, 1)
        XCTAssertTrue(flux.stderr.hasPrefix("error: --out - writes one YAML stream; it cannot be used with --format flux\n"), flux.description)
    }

    /// Names and descriptions holding U+2028, U+2029 or U+0085 (line breaks to YAML, which
    /// the loader refuses raw) are written escaped in double quotes, so the export plans as
    /// adoptions; they were written raw and the export's own plan refused them.
    func testExportEscapesTheCharactersYAMLReadsAsLineBreaks() async throws {
        let orgID = try await sandbox.orgID()
        _ = try await sandbox.api.createLabel(LabelCreateRequest(orgID: orgID, name: "lab\u{2028}el", properties: ["description": "line\u{2029}sep\nmore"]))
        _ = try await sandbox.api.createTask(
            TaskCreateRequest(
                orgID: orgID, flux: "option task = {name: \"para\u{2029}graph\", every: 1h}\nfrom(bucket: \"b\") |> range(start: -1h)\n",
                status: "active", description: "next\u{85}line"))
        let export = try await sandbox.cli("export", ["--out", "-"])
        XCTAssertEqual(export.exitCode, 0, export.description)
        XCTAssertFalse(export.stdout.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }, export.stdout)
        XCTAssertTrue(export.stdout.contains(#"name: "lab\Lel""#), export.stdout)
        XCTAssertTrue(export.stdout.contains(#"description: "line\Psep\nmore""#), export.stdout)
        XCTAssertTrue(export.stdout.contains(#"description: "next\Nline""#), export.stdout)
        let plan = try await sandbox.cli("plan", ["-", "--detailed-exitcode", "--format", "json"], input: export.stdout)
        XCTAssertEqual(plan.exitCode, 2, plan.description)
        let document = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as! [String: Any]
        let actions = (document["changes"] as! [[String: Any]]).map { "\($0["action"] as! String) \(($0["resource"] as! [String: Any])["kind"] as! String)" }
        XCTAssertEqual(actions, ["create Label", "adopt Label", "adopt Task"])
    }

    /// Issue 21 item 3: colours another tool set (`#abc`, `red`) are exported exactly as the
    /// server has them, and the plan of the export only adopts: no colour is removed.
    func testExportKeepsColoursThatAreNotLongHex() async throws {
        let orgID = try await sandbox.orgID()
        for (name, color) in [("short", "#abc"), ("named", "red"), ("lower", "#22adf6")] {
            _ = try await sandbox.api.createLabel(LabelCreateRequest(orgID: orgID, name: name, properties: ["color": color]))
        }
        let out = workspace.path("exported")
        let export = try await sandbox.cli("export", ["--out", out])
        XCTAssertEqual(export.exitCode, 0, export.description)
        let text = try String(contentsOfFile: out + "/labels.yaml", encoding: .utf8)
        for color in ["#abc", "red", "#22adf6"] {
            XCTAssertTrue(text.contains("color: '\(color)'") || text.contains("color: \"\(color)\"") || text.contains("color: \(color)\n"), "\(color) in\n\(text)")
        }

        let plan = try await sandbox.cli("plan", [out, "--format", "json"])
        XCTAssertEqual(plan.exitCode, 0, plan.description)
        XCTAssertTrue(
            plan.stderr.contains("warning: color `red` is not a hex color (#rrggbb or #rgb); InfluxDB stores it as written and its UI may not show it (at spec.color)"), plan.stderr
        )
        let changes = (try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as! [String: Any])["changes"] as! [[String: Any]]
        XCTAssertEqual(
            changes.map { "\($0["action"]!) \(($0["resource"] as! [String: Any])["name"]!)" },
            ["adopt lower", "adopt named", "adopt short"])
        XCTAssertEqual(changes.flatMap { ($0["fields"] as! [[String: Any]]).map { $0["field"] as! String } }.filter { $0 == "color" }, [])

        let apply = try await sandbox.cli("apply", [out, "--auto-approve"])
        XCTAssertEqual(apply.exitCode, 0, apply.description)
        let again = try await sandbox.cli("plan", [out, "--detailed-exitcode"])
        XCTAssertEqual(again.exitCode, 0, again.description)
        for (name, color) in [("short", "#abc"), ("named", "red"), ("lower", "#22adf6")] {
            let label = try await sandbox.label(named: name)
            XCTAssertEqual(label.properties["color"], color, name)
        }
    }

    /// `--out ""` (an unset `$DIR` in CI) is refused instead of exporting into the working
    /// directory; nothing is written.
    func testAnEmptyOutIsRefused() async throws {
        try await sandbox.createTask(flux: "option task = {name: \"cpu\", every: 1h}\nfrom(bucket: \"b\") |> range(start: -1h)\n")
        for out in ["", "  "] {
            let export = try await sandbox.cli("export", ["--out", out])
            XCTAssertEqual(export.exitCode, 1, export.description)
            let expected = "error: --out is empty; name the directory to write to, e.g. --out manifests\n  hint: usage: influxsync export"
            XCTAssertTrue(export.stderr.hasPrefix(expected), export.description)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/tasks/cpu.yaml"))
    }

    func testExportNeverOverwritesWithoutForce() async throws {
        try await sandbox.createTask(flux: "option task = {name: \"cpu\", every: 1h}\nfrom(bucket: \"b\") |> range(start: -1h)\n")
        let out = workspace.path("exported")
        try workspace.write("exported/tasks/cpu.yaml", "mine\n")
        let refused = try await sandbox.cli("export", ["--out", out])
        XCTAssertEqual(refused.exitCode, 1)
        XCTAssertEqual(
            refused.stderr, "error: 1 file already exists: \(out)/tasks/cpu.yaml; nothing was written\n  hint: export into an empty directory, or pass --force to overwrite them\n")
        XCTAssertEqual(try String(contentsOfFile: "\(out)/tasks/cpu.yaml", encoding: .utf8), "mine\n")
        // A dangling symbolic link is not replaced without --force either.
        let dangling = workspace.path("dangling")
        try FileManager.default.createDirectory(atPath: dangling + "/tasks", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dangling + "/tasks/cpu.yaml", withDestinationPath: "/nonexistent/cpu.yaml")
        let linked = try await sandbox.cli("export", ["--out", dangling])
        XCTAssertEqual(linked.exitCode, 1, linked.description)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: dangling + "/tasks/cpu.yaml"), "/nonexistent/cpu.yaml")
        let forced = try await sandbox.cli("export", ["--out", out, "--force"])
        XCTAssertEqual(forced.exitCode, 0, forced.description)
        XCTAssertTrue(
            try String(contentsOfFile: "\(out)/tasks/cpu.yaml", encoding: .utf8).hasPrefix(
                "# yaml-language-server: $schema=https://raw.githubusercontent.com/influxsync/influxsync/v0.1.0/schemas/manifest.schema.json\n---\napiVersion: influxdata.com/v2alpha1\nkind: Task\n"
            ))
    }

    /// Every manifest under `--out` is planned with the export, so the export warns about the
    /// ones it did not write: a file of an earlier export whose task was deleted since (it
    /// would create the task again), a repository's own files (they would declare the exported
    /// resources twice).
    func testExportWarnsAboutManifestsItDidNotWrite() async throws {
        _ = try await sandbox.createTask(flux: "option task = {name: \"alpha\", every: 1h}\nfrom(bucket: \"b\") |> range(start: -1h)\n")
        let beta = try await sandbox.createTask(flux: "option task = {name: \"beta\", every: 1h}\nfrom(bucket: \"b\") |> range(start: -1h)\n")
        let out = workspace.path("exported")
        let first = try await sandbox.cli("export", ["--out", out])
        XCTAssertEqual(first.exitCode, 0, first.description)
        XCTAssertFalse(first.stderr.contains("warning:"), first.stderr)
        try await sandbox.api.deleteTask(id: beta.id)
        try workspace.write("exported/.hidden/skip.yaml", "x: 1\n")
        try workspace.write("exported/notes.txt", "not a manifest\n")
        try workspace.write("exported/mine.yml", "apiVersion: influxdata.com/v2alpha1\n")
        // Through a linked directory too, as plan reads it.
        try workspace.write("elsewhere/linked.yml", "apiVersion: influxdata.com/v2alpha1\n")
        try FileManager.default.createSymbolicLink(atPath: workspace.path("exported/link"), withDestinationPath: workspace.path("elsewhere"))
        let again = try await sandbox.cli("export", ["--out", out, "--force"])
        XCTAssertEqual(again.exitCode, 0, again.description)
        XCTAssertTrue(
            again.stderr.contains(
                "warning: 3 manifest files in \(out) were not written by this export and are planned with it: link/linked.yml, mine.yml, tasks/beta.yaml\n  hint: delete what the export replaces (a file of a task deleted since would create it again), or export into an empty directory\n"
            ), again.stderr)
    }

    func testLabelRenameSendsOnePatchAndKeepsAssociations() async throws {
        let label = try await sandbox.api.createLabel(LabelCreateRequest(orgID: try await sandbox.orgID(), name: "ops", properties: ["color": "#326BBA"]))
        try workspace.write(
            "labels.yaml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Label
            metadata:
              name: ops
            spec:
              color: "#326BBA"
            ---
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: cpu
            spec:
              every: 1h
              associations:
                - kind: Label
                  name: ops
              query: 'from(bucket: "b") |> range(start: -1h)'
            """)
        let first = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(first.exitCode, 0, first.description)
        try workspace.write(
            "labels.yaml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Label
            metadata:
              name: ops
            spec:
              name: Operations
              previousNames: [ops]
              color: "#326BBA"
            ---
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: cpu
            spec:
              every: 1h
              associations:
                - kind: Label
                  name: ops
              query: 'from(bucket: "b") |> range(start: -1h)'
            """)
        try await sandbox.clearRequests()
        let rename = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"])
        XCTAssertEqual(rename.exitCode, 0, rename.description)
        // One PATCH of the label between taking and releasing the apply lock (a label of its
        // own); no association request.
        let renameWrites = try await sandbox.writes()
        XCTAssertEqual(renameWrites.count, 3, "\(renameWrites)")
        XCTAssertEqual(renameWrites.first, "POST /api/v2/labels 201")
        XCTAssertEqual(renameWrites.dropFirst().first, "PATCH /api/v2/labels/\(label.id) 200")
        XCTAssertTrue(renameWrites.last?.hasPrefix("DELETE /api/v2/labels/") == true && renameWrites.last?.contains(label.id) == false, "\(renameWrites)")
        let task = try await sandbox.task(named: "cpu")
        XCTAssertEqual(task.labels.map(\.name).sorted(), ["Operations", "influxsync"])
        let again = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"])
        XCTAssertEqual(again.exitCode, 0, again.description)

        // A rename onto a name another live label holds is refused before any write.
        _ = try await sandbox.api.createLabel(LabelCreateRequest(orgID: try await sandbox.orgID(), name: "Team", properties: [:]))
        try workspace.write(
            "labels.yaml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Label
            metadata:
              name: ops
            spec:
              name: " team "
              previousNames: [Operations]
            """)
        try await sandbox.clearRequests()
        let clash = try await sandbox.cli("plan", [workspace.path()])
        XCTAssertEqual(clash.exitCode, 1)
        XCTAssertTrue(clash.stderr.contains("label \"Operations\" (\(label.id)) cannot be renamed to \"team\": another live label \"Team\""), clash.stderr)
        let clashWrites = try await sandbox.writes()
        XCTAssertEqual(clashWrites, [])
    }
}
