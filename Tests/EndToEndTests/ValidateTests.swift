import Flux
import Foundation
import XCTest

/// `influxsync validate`: offline, exact locations.
final class ValidateTests: XCTestCase {
    func testMisspelledEveryIsReportedAtItsLocationWithASuggestion() async throws {
        let workspace = try Workspace()
        let path = try workspace.write(
            "tasks.yml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: cpu-downsample
            spec:
              evrey: 1h
              query: |-
                from(bucket: "telegraf") |> range(start: -1h)

            """)
        let result = try await CLIProcess.run(["validate", path], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(
            result.stderr,
            """
            \(path):6:3: error: unknown field `evrey` in Task spec (at spec.evrey)
                hint: did you mean `every`?
            1 error in the manifests.

            """)
    }

    /// `validate --target NAME` reads the target's env refs, `allowFlux` names and manifests
    /// from influxsync.yaml, as `plan --target` does, so a pre-commit hook accepts what plan
    /// accepts (it refused both before: no `--target`). No server is contacted: the host is
    /// a closed port.
    func testValidateWithATargetUsesItsEnvRefsAllowFluxAndManifests() async throws {
        let workspace = try Workspace()
        try workspace.write(
            "tasks.yml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: cpu
            spec:
              every: 1h
              description: {envRef: {key: desc}}
              query: |-
                import "mycompany/tools"
                from(bucket: "telegraf") |> range(start: -1h) |> tools.clean()

            """)
        let config = try workspace.write(
            "influxsync.yaml",
            """
            targets:
              a:
                host: http://127.0.0.1:9
                org: acme
                tokenEnv: NOT_NEEDED
                manifests: [tasks.yml]
                envRefs: {desc: hello}
                allowFlux: [mycompany/tools]
            """)
        let tasks = workspace.path("tasks.yml")
        let without = try await CLIProcess.run(["validate", tasks], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(without.exitCode, 1, "\(without)")
        XCTAssertTrue(without.stderr.contains("error: envRef `desc` has no value and no default"), without.stderr)
        XCTAssertTrue(without.stderr.contains("unknown import path"), without.stderr)

        let named = try await CLIProcess.run(["validate", tasks, "--target", "a", "--config", config], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(named.exitCode, 0, "\(named)")
        XCTAssertEqual(named.stdout, "Manifests are valid: 0 labels, 1 task.\n")
        // The target's manifests when no path is given, in a machine format too.
        let json = try await CLIProcess.run(["validate", "--target", "a", "--config", config, "--format", "json"], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(json.exitCode, 0, "\(json)")
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(document["valid"] as? Bool, true, json.stdout)
        XCTAssertEqual((document["summary"] as? [String: Any])?["tasks"] as? Int, 1, json.stdout)

        let directory = try await CLIProcess.run(["validate", tasks, "--target", "a", "--config", workspace.path()], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(directory.exitCode, 1, "\(directory)")
        XCTAssertTrue(directory.stderr.hasPrefix("error: the targets file \(workspace.path()) is a directory\n  hint: name the file itself"), directory.stderr)

        let unknown = try await CLIProcess.run(["validate", tasks, "--target", "b", "--config", config], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(unknown.exitCode, 1, "\(unknown)")
        XCTAssertTrue(unknown.stderr.hasPrefix("error: "), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("`b`") || unknown.stderr.contains("\"b\""), unknown.stderr)
    }

    /// An empty file (a saved-plan artifact that came out empty, `apply plan.json`) is a
    /// warning, not a silent "no resources" that passes for a matching manifest set.
    func testAnEmptyFileIsAWarning() async throws {
        let workspace = try Workspace()
        let empty = try workspace.write("plan.json", "")
        let blank = try workspace.write("blank.yml", " \n\n")
        let result = try await CLIProcess.run(["validate", empty, blank], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            \(empty):1:1: warning: the file is empty: it declares no Task or Label
                hint: a saved plan or manifest that came out empty: make it again
            \(blank):1:1: warning: the file is empty: it declares no Task or Label
                hint: a saved plan or manifest that came out empty: make it again

            """)
    }

    /// A target name is anyone's to choose in influxsync.yaml: printed in a message it cannot
    /// issue a workflow command (`##[`, or `::` after a carriage return), as no printed text can.
    func testATargetNameCannotIssueWorkflowCommands() async throws {
        let workspace = try Workspace()
        let config = try workspace.write(
            "influxsync.yaml",
            """
            targets:
              "##[error]a": {host: "http://127.0.0.1:9", org: acme, tokenEnv: T, manifests: [m]}
              "x\\r::error::c": {host: "http://127.0.0.1:9", org: acme, tokenEnv: T, manifests: [m]}
            """)
        let result = try await CLIProcess.run(["validate", "--target", "nosuch", "--config", config], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertTrue(result.stderr.contains("#\\u{23}[error]a"), result.stderr)
        XCTAssertFalse(result.stderr.contains("##["), result.stderr)
        XCTAssertFalse(
            result.stderr.components(separatedBy: CharacterSet(charactersIn: "\r\n")).contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("::") }, result.stderr)
    }

    /// A query nested past what influxsync reads is refused at its place with a plain message,
    /// and the CLI does not crash (the checks run on worker threads, whose stacks a 6 KB query
    /// of 3,000 parentheses used to exhaust).
    func testAQueryNestedPastTheReadersLimitIsRefusedWithoutACrash() async throws {
        let workspace = try Workspace()
        let deep = String(repeating: "(", count: 3_000) + "1" + String(repeating: ")", count: 3_000)
        let path = try workspace.write(
            "tasks.yml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: deep
            spec:
              every: 1h
              query: |-
                x = \(deep)
                from(bucket: "telegraf") |> range(start: -1h)

            """)
        let result = try await CLIProcess.run(["validate", path], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            \(path):8:\(9 + FluxParser.maxNesting): error: cannot check the query: expression nested more than 200 levels deep; split it into named parts (x = …) (at spec.query)
                hint: influxsync sends no script it cannot read and check: it reads Flux nested up to 200 levels, with chains up to 1000 links
            1 error in the manifests.

            """)
    }

    /// Issue 21 item 6: a no-break space after `every:` is named at its own line and column,
    /// not reported a line later as "mapping values are not allowed".
    func testANoBreakSpaceInTheStructureIsNamedWhereItIs() async throws {
        let workspace = try Workspace()
        let path = try workspace.write(
            "tasks.yml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: cpu-downsample
            spec:
              every:\u{00A0}1h
              query: |-
                from(bucket: "telegraf") |> range(start: -1h)

            """)
        let result = try await CLIProcess.run(["validate", path], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            \(path):6:9: error: invalid YAML: U+00A0 NO-BREAK SPACE after `:`; YAML separates with ordinary spaces only
                hint: delete it or retype it as an ordinary space: it is invisible or looks like a space in most editors
            1 error in the manifests.

            """)
    }

    /// Issue 21 item 8: a `.jsonnet` file named explicitly is not parsed as YAML; a directory of
    /// only Jsonnet templates says what it skipped instead of passing silently.
    /// Each limit's hint names that limit's range (retry's said "from 1 to 100").
    func testRetryAndConcurrencyLimitsNameTheirOwnRange() async throws {
        let workspace = try Workspace()
        let path = try workspace.write(
            "tasks.yml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: r
            spec:
              every: 1h
              retry: 11
              concurrency: 101
              query: |-
                from(bucket: "b") |> range(start: -1h)

            """)
        let result = try await CLIProcess.run(["validate", path], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(
            result.stderr,
            """
            \(path):7:10: error: retry must be at most 10, found 11 (at spec.retry)
                hint: write a whole number from 1 to 10
            \(path):8:16: error: concurrency must be at most 100, found 101 (at spec.concurrency)
                hint: write a whole number from 1 to 100
            2 errors in the manifests.

            """)
    }

    /// Manifests reached through symbolic links are read like any other (they were skipped
    /// silently, and `apply --prune` then deleted the tasks they declare): a linked directory
    /// (also as the directory named), a linked file; a file reached twice is read once, a link
    /// back up into its own directory is not followed again, and a broken link stops the run.
    func testManifestsBehindSymbolicLinksAreRead() async throws {
        let workspace = try Workspace()
        try workspace.write("shared/tasks/cpu.yml", Manifests.task("cpu"))
        try workspace.write("shared/labels.yml", Manifests.label("team"))
        try workspace.write("repo/own.yml", Manifests.label("own"))
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: workspace.path("repo/tasks"), withDestinationPath: "../shared/tasks")
        try fm.createSymbolicLink(atPath: workspace.path("repo/labels.yml"), withDestinationPath: "../shared/labels.yml")
        try fm.createSymbolicLink(atPath: workspace.path("repo/again.yml"), withDestinationPath: "labels.yml")
        try fm.createSymbolicLink(atPath: workspace.path("repo/tasks-loop"), withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: workspace.path("linked-repo"), withDestinationPath: "repo")
        for directory in ["repo", "linked-repo", "linked-repo/"] {
            let result = try await CLIProcess.run(["validate", directory], environment: ["NO_COLOR": "1"], directory: workspace.root)
            XCTAssertEqual(result.exitCode, 0, "\(result)")
            XCTAssertEqual(result.stdout, "Manifests are valid: 2 labels, 1 task.\n", directory)
            let prefix = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
            XCTAssertEqual(
                result.stderr, "warning: \(prefix)/tasks-loop links to a directory it is inside; its files are read once, not again through the link\n")
        }
        try fm.createSymbolicLink(atPath: workspace.path("repo/gone.yml"), withDestinationPath: "../shared/gone.yml")
        let broken = try await CLIProcess.run(["validate", "repo"], environment: ["NO_COLOR": "1"], directory: workspace.root)
        XCTAssertEqual(broken.exitCode, 1, "\(broken)")
        XCTAssertEqual(
            broken.stderr,
            """
            error: repo/gone.yml is a symbolic link to a missing target
                hint: restore what it points to, or remove the link
            warning: repo/tasks-loop links to a directory it is inside; its files are read once, not again through the link
            1 error in the manifests.

            """)
    }

    /// The machine formats print one document even for a path that does not exist: its
    /// error is a diagnostic of the document (it was a bare error with no document).
    func testAMissingPathIsADiagnosticOfTheDocument() async throws {
        let missing = "/nonexistent-\(UUID().uuidString)"
        for format in ["json", "sarif", "junit"] {
            let result = try await CLIProcess.run(["validate", missing, "--format", format], environment: ["NO_COLOR": "1"])
            XCTAssertEqual(result.exitCode, 1, "\(result)")
            XCTAssertEqual(result.stderr, "", format)
            XCTAssertTrue(result.stdout.contains("no such file or directory: \(missing)"), "\(format): \(result.stdout)")
        }
    }

    func testJsonnetTemplatesAreRefusedOrNamed() async throws {
        let workspace = try Workspace()
        try workspace.write("tpl/tasks.jsonnet", "local every = '1h';\n{ apiVersion: 'influxdata.com/v2alpha1', kind: 'Task' }\n")
        let named = try await CLIProcess.run(["validate", "tpl/tasks.jsonnet"], environment: ["NO_COLOR": "1"], directory: workspace.root)
        XCTAssertEqual(named.exitCode, 1, "\(named)")
        XCTAssertEqual(
            named.stderr,
            """
            tpl/tasks.jsonnet:1:1: error: this is a Jsonnet template; influxsync does not read Jsonnet templates
                hint: render it to JSON first and pass the JSON file: jsonnet tpl/tasks.jsonnet > tpl/tasks.json
            1 error in the manifests.

            """)
        let directory = try await CLIProcess.run(["validate", "tpl"], environment: ["NO_COLOR": "1"], directory: workspace.root)
        XCTAssertEqual(
            directory.stderr,
            """
            warning: directory tpl holds no *.yml, *.yaml, *.json or *.flux files
            note: directory tpl holds 1 Jsonnet template influxsync does not read: tpl/tasks.jsonnet
                hint: render each to JSON first, e.g. jsonnet tpl/tasks.jsonnet > tpl/tasks.json

            """)
        XCTAssertEqual(directory.stdout, "Manifests are valid: 0 labels, 0 tasks.\n")
        XCTAssertEqual(directory.exitCode, 0, "a warning and a note, as for any directory without manifests")
    }

    /// Issue 21 item 7: a cron task whose query sets `option location` is told the cron runs
    /// in UTC; validate still exits 0.
    func testCronWithOptionLocationIsWarned() async throws {
        let workspace = try Workspace()
        let path = try workspace.write(
            "report.yml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: morning-report
            spec:
              cron: "0 6 * * *"
              query: |-
                import "timezone"

                option location = timezone.location(name: "Europe/Paris")

                from(bucket: "b") |> range(start: -1d)

            """)
        let validate = try await CLIProcess.run(["validate", path], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(validate.exitCode, 0, "\(validate)")
        XCTAssertEqual(
            validate.stderr,
            """
            \(path):10:5: warning: cron `0 6 * * *` runs in UTC: InfluxDB evaluates a task's cron schedule in UTC whatever the query's `option location` says (at spec.query)
                hint: write the cron fields in UTC; `option location` applies to the query's time functions, not to when the task runs

            """)
    }

    /// Issue 21 item 9: schedule warnings are `warning:` lines; validate and plan still exit 0.
    func testScheduleWarningsNeverChangeTheExitStatus() async throws {
        let workspace = try Workspace()
        let path = try workspace.write(
            "tasks.yml",
            Manifests.file(
                Manifests.task("late", every: "1h").replacingOccurrences(of: "  every: 1h\n", with: "  every: 1h\n  offset: 2h\n"),
                Manifests.task("never", every: "1h").replacingOccurrences(of: "  every: 1h\n", with: "  cron: \"0 0 31 2 *\"\n")))
        let expected = """
            \(path):7:11: warning: offset 2h is longer than `every: 1h`: each run starts after the next one is due (at spec.offset)
                hint: make the offset shorter than the interval (it only delays the start; the run's time range stays on its schedule)
            \(path):20:9: warning: cron `0 0 31 2 *` never fires: February has no day 31 (at spec.cron)
                hint: check the day-of-month and month fields; InfluxDB accepts this expression but never runs the task

            """
        let validate = try await CLIProcess.run(["validate", path], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(validate.exitCode, 0, "\(validate)")
        XCTAssertEqual(validate.stderr, expected)
        try await SandboxHarness.with { sandbox in
            let plan = try await sandbox.cli("plan", [path])
            XCTAssertEqual(plan.exitCode, 0, "\(plan)")
            XCTAssertEqual(plan.stderr, expected)
        }
    }

    func testValidManifestsPassWithASummary() async throws {
        let workspace = try Workspace()
        try workspace.write("a.yml", Manifests.file(Manifests.label("team-ops"), Manifests.task("cpu-downsample", labels: ["team-ops"])))
        let result = try await CLIProcess.run(["validate", workspace.path()])
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        XCTAssertEqual(result.stdout, "Manifests are valid: 1 label, 1 task.\n")
        XCTAssertEqual(result.stderr, "")
    }

    /// The targets file beside the manifests is named for what it is, not "not an InfluxDB
    /// template" (issue 17, one vocabulary).
    func testTheTargetsFileIsNamedForWhatItIs() async throws {
        let workspace = try Workspace()
        try workspace.write("a.yml", Manifests.task("cpu"))
        try workspace.write("influxsync.yaml", "targets:\n  prod:\n    host: http://influx.example:8086\n    org: acme\n")
        let directory = try await CLIProcess.run(["validate", "."], directory: URL(fileURLWithPath: workspace.path()))
        XCTAssertEqual(directory.exitCode, 0, "\(directory)")
        XCTAssertEqual(directory.stderr, "./influxsync.yaml:1:1: note: skipped: influxsync.yaml is the targets file (read by --target), not a manifest\n")
        let named = try await CLIProcess.run(["validate", "influxsync.yaml"], directory: URL(fileURLWithPath: workspace.path()))
        XCTAssertEqual(named.exitCode, 1, "\(named)")
        XCTAssertTrue(
            named.stderr.hasPrefix(
                """
                influxsync.yaml:1:1: error: influxsync.yaml is the targets file (read by --target), not a manifest
                    hint: pass the manifest files or directories; the targets file is read from the working directory, or from --config FILE

                """), "\(named)")
    }

    /// `validate examples-invalid` shows each file's own errors only: the files' names do not
    /// collide with each other (they used to add 16 cross-file duplicate-name errors).
    func testExamplesInvalidShowsEachFilesOwnErrors() async throws {
        let result = try await CLIProcess.run(["validate", "examples-invalid"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        for line in errors where line.contains("first declared at") {
            let file = line.prefix { $0 != ":" }
            XCTAssertTrue(line.contains("first declared at \(file):"), "a duplicate across files: \(line)")
        }
        XCTAssertEqual(errors.count, 21, "\(result)")
        XCTAssertTrue(result.stderr.hasSuffix("\n21 errors in the manifests.\n"), "\(result)")
    }

    /// Linters' formats: one document on standard output, the exit status as for text.
    func testMachineFormatsPrintOneDocumentAndKeepTheExitStatus() async throws {
        let valid = try await CLIProcess.run(["validate", "examples", "--format", "json"])
        XCTAssertEqual(valid.exitCode, 0, "\(valid)")
        XCTAssertEqual(valid.stderr, "")
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(valid.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["valid"] as? Bool, true)
        XCTAssertEqual((document["summary"] as? [String: Any])?["tasks"] as? Int, 6)
        let sarif = try await CLIProcess.run(["validate", "examples-invalid/bad-cron.yml", "--format", "sarif"])
        XCTAssertEqual(sarif.exitCode, 1, "\(sarif)")
        XCTAssertTrue(sarif.stdout.contains("\"startLine\" : 6"), sarif.stdout)
        let junit = try await CLIProcess.run(["validate", "examples-invalid/bad-cron.yml", "--format", "junit"])
        XCTAssertEqual(junit.exitCode, 1, "\(junit)")
        XCTAssertTrue(junit.stdout.contains("<testcase classname=\"influxsync.validate\" name=\"examples-invalid/bad-cron.yml\">"), junit.stdout)
    }

    func testValidateNeedsNoServerAndPlanSendsNothingForInvalidManifests() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            try workspace.write("a.yml", Manifests.task("cpu-downsample", every: "1x"))
            let result = try await sandbox.cli("plan", [workspace.path()])
            XCTAssertEqual(result.exitCode, 1, "\(result)")
            let log = try await sandbox.requests()
            XCTAssertEqual(log, [], "a manifest error must stop before any request")
        }
    }

    func testMissingPathsIsAUsageError() async throws {
        let result = try await CLIProcess.run(["validate"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        // Paths may come from a --target's `manifests:` (plan, apply, drift), so the parser
        // cannot require them; the command refuses an empty list as a usage error.
        XCTAssertEqual(
            result.stderr,
            """
            error: no manifests given: pass files or directories (or - for standard input), or --target NAME whose manifests: lists them
              hint: usage: influxsync validate [<path> ...] [--env-ref <key=value> ...] [--max-manifest-bytes <bytes>] [--env-file <file> ...] [--allow-flux <name> ...] [--format <format>] [--target <name>] [--config <file>]
              hint: see 'influxsync validate --help' for more information

            """)
    }
}
