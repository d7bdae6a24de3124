import XCTest

/// `influxsync validate`: offline, exact locations.
final class ValidateTests: XCTestCase {
    func testMisspelledEveryIsReportedAtItsLocationWithASuggestion() async throws {
        let workspace = try Workspace()
        let path = try workspace.write("tasks.yml", """
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
        XCTAssertEqual(result.stderr, """
            \(path):6:3: error: unknown field `evrey` in Task spec (at spec.evrey)
                hint: did you mean `every`?
            1 error in the manifests.

            """)
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
        XCTAssertTrue(named.stderr.hasPrefix("""
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
        XCTAssertEqual(result.stderr, """
            error: no manifests given: pass files or directories (or - for standard input)
              hint: usage: influxsync validate [<path> ...] [--env-ref <key=value> ...] [--max-manifest-bytes <bytes>] [--env-file <file> ...] [--format <format>]
              hint: see 'influxsync validate --help' for more information

            """)
    }
}
