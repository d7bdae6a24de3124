import Foundation
import InfluxAPI
import XCTest

/// Issue 18 item 5: names and texts chosen by whoever can create a task (task and label names,
/// descriptions, run logs) never reach a terminal or a CI log raw. Through the built binary,
/// with `GITHUB_ACTIONS=true` and a step summary file, for plan, apply, drift, status, runs and
/// logs, in text, JSON and Markdown.
final class HostileNamesTests: SandboxTestCase {
    /// A task name that would start a workflow command on the next line.
    static let injection = "x\n::error title=pwned::injected"
    /// Terminal title change, colour change, bell, carriage return, right-to-left override.
    static let title = "\u{1B}]0;title\u{07}t"
    static let red = "\u{1B}[31mred\rover"
    static let mixed = "bel\u{07}esc\u{1B}[31mrlo\u{202E}gnp.exe"
    static let label = "lbl\n::warning::label\u{202E}"
    static let description = "desc\n::notice::d\u{1B}[2J"
    static let logLine = "boom\n::error::from the log\u{1B}[0m"

    /// Scalars that must never appear raw in text or Markdown output.
    static let forbidden: Set<UInt32> = [0x1B, 0x07, 0x0D, 0x202E]

    var environment: [String: String] = [:]

    override func setUp() async throws {
        try await super.setUp()
        environment = ["NO_COLOR": "1", "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": workspace.path("summary.md")]
    }

    /// `option task = {name: "…", every: 1h}` with `name` as a Flux string literal.
    static func flux(_ name: String) -> String {
        let literal = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "option task = {name: \"\(literal)\", every: 1h}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n"
    }

    /// Every line of `text`, checked: none starts a workflow command (the runner ignores
    /// leading blanks) except influxsync's own annotations (`::error file=…,title=influxsync
    /// …::…`), no control or bidi character is raw.
    func assertSafe(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let own = try! Regex(#"^::(error|warning|notice) (file=[^,:]*,line=[0-9]+,col=[0-9]+,)?title=influxsync [^,:]*::"#)
        for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = l.drop(while: { $0 == " " || $0 == "\t" })
            guard trimmed.hasPrefix("::") else { continue }
            XCTAssertNotNil(try? own.prefixMatch(in: String(trimmed)), "\(what): a line starts a workflow command: \(l.debugDescription)", file: file, line: line)
        }
        let raw = text.unicodeScalars.filter { Self.forbidden.contains($0.value) }
        XCTAssertEqual(raw.map { String($0.value, radix: 16) }, [], "\(what): raw control characters", file: file, line: line)
    }

    func assertJSONRoundTrips(_ text: String, contains names: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        var found: Set<String> = []
        func walk(_ value: Any) {
            if let s = value as? String { found.insert(s) }
            if let a = value as? [Any] { a.forEach(walk) }
            if let d = value as? [String: Any] { d.values.forEach(walk) }
        }
        walk(object)
        for name in names { XCTAssertTrue(found.contains(name), "JSON holds \(name.debugDescription) unchanged", file: file, line: line) }
    }

    func testHostileNamesArePrintedEscapedEverywhere() async throws {
        // Live: a hostile label (not ours), hostile tasks nobody manages, one carrying the label.
        let orgID = try await sandbox.orgID()
        _ = try await sandbox.api.createLabel(LabelCreateRequest(orgID: orgID, name: Self.label, properties: [:]))
        let injected = try await sandbox.createTask(flux: Self.flux(Self.injection), description: Self.description, labels: [Self.label])
        let titled = try await sandbox.createTask(flux: Self.flux(Self.title))
        let redded = try await sandbox.createTask(flux: Self.flux(Self.red))
        // The unmanaged tasks as printed (escaped), in ID order as every report lists them.
        let unmanaged = [(injected.id, #"x\n::error title=pwned::injected"#), (titled.id, #"\u{1B}]0;title\u{7}t"#), (redded.id, #"\u{1B}[31mred\rover"#)]
            .sorted { $0.0 < $1.0 }
        // Manifests: a task with a hostile name and description, associated with the label.
        try workspace.write(
            "tasks.yml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: managed
            spec:
              name: "bel\\aesc\\e[31mrlo\\u202Egnp.exe"
              description: "desc\\n::notice::d\\e[2J"
              every: 1h
              associations:
                - kind: Label
                  name: "lbl\\n::warning::label\\u202E"
              query: 'from(bucket: "b") |> range(start: -1h)'

            """)

        // plan: text, JSON, Markdown.
        let plan = try await sandbox.cli("plan", [workspace.path()], environment: environment)
        XCTAssertEqual(plan.exitCode, 0, "\(plan)")
        assertSafe(plan.stdout, "plan text")
        assertSafe(plan.stderr, "plan stderr")
        let planText = #"""
            + Label "influxsync"
                name: "influxsync"

            + Task "bel\u{7}esc\u{1B}[31mrlo\u{202E}gnp.exe" (\#(workspace.path("tasks.yml")):1:1)
                name:        "bel\u{7}esc\u{1B}[31mrlo\u{202E}gnp.exe"
                every:       1h
                description: "desc\n::notice::d\u{1B}[2J"
                status:      active
                labels:      + "lbl\n::warning::label\u{202E}"
                query:
                  from(bucket: "b") |> range(start: -1h)

            Unmanaged: 3 live tasks not declared and not owned by "influxsync" (never touched):
            \#(unmanaged.map { "    Task \"\($0.1)\" \($0.0)\n" }.joined())
            Plan: 2 to add, 0 to change, 0 to destroy.

            """#
        XCTAssertEqual(plan.stdout, planText)
        let summary = try String(contentsOfFile: workspace.path("summary.md"), encoding: .utf8)
        assertSafe(summary, "plan step summary")
        let planMarkdownText = #"""
            ## influxsync plan

            **Plan: 2 to add, 0 to change, 0 to destroy.**

            | Add | Change | Destroy | Adopt | Would prune |
            |---:|---:|---:|---:|---:|
            | 2 | 0 | 0 | 0 | 0 |

            <details>
            <summary><code>+</code> <b>create</b> Label <code>influxsync</code></summary>

            | Field | Live | Manifest |
            |---|---|---|
            | name | _(none)_ | <code>influxsync</code> |

            Requests:
            - <code>POST /api/v2/labels</code>

            </details>

            <details>
            <summary><code>+</code> <b>create</b> Task <code>bel&#92;u{7}esc&#92;u{1B}&#91;31mrlo&#92;u{202E}gnp.exe</code></summary>

            declared at <code>\#(workspace.path("tasks.yml")):1:1</code>

            | Field | Live | Manifest |
            |---|---|---|
            | name | _(none)_ | <code>bel&#92;u{7}esc&#92;u{1B}&#91;31mrlo&#92;u{202E}gnp.exe</code> |
            | every | _(none)_ | <code>1h</code> |
            | description | _(none)_ | <code>desc&#92;n::notice::d&#92;u{1B}&#91;2J</code> |
            | status | _(none)_ | <code>active</code> |

            Labels attached: <code>lbl&#92;n::warning::label&#92;u{202E}</code>

            Query:

            ```flux
            from(bucket: "b") |> range(start: -1h)
            ```

            Requests:
            - <code>POST /api/v2/tasks</code>
            - <code>POST /api/v2/tasks/{new task &quot;managed&quot;}/labels</code>
            - <code>POST /api/v2/tasks/{new task &quot;managed&quot;}/labels</code>

            </details>

            ### Unmanaged tasks (3)

            In the org, declared by no manifest and not owned: reported, never touched.

            \#(unmanaged.map { "- Task <code>\(markdownCode($0.1))</code> (<code>\($0.0)</code>)\n" }.joined())
            <sub>org <code>\#(orgID)</code> · owner label <code>influxsync</code> · rendered by influxsync</sub>

            """#
        // The step summary holds the Markdown plan, then a blank line.
        XCTAssertEqual(summary, planMarkdownText + "\n")

        let planJSON = try await sandbox.cli("plan", [workspace.path(), "--format", "json"], environment: environment)
        XCTAssertEqual(planJSON.exitCode, 0, "\(planJSON)")
        assertSafe(planJSON.stderr, "plan json stderr")
        try assertJSONRoundTrips(planJSON.stdout, contains: [Self.mixed, Self.injection, Self.title, Self.red, "desc\n::notice::d\u{1B}[2J"])

        let planMarkdown = try await sandbox.cli("plan", [workspace.path(), "--format", "markdown"], environment: environment)
        XCTAssertEqual(planMarkdown.exitCode, 0, "\(planMarkdown)")
        assertSafe(planMarkdown.stdout, "plan markdown")
        XCTAssertEqual(planMarkdown.stdout, planMarkdownText)

        // apply, text then (nothing left) JSON.
        let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"], environment: environment)
        XCTAssertEqual(apply.exitCode, 0, "\(apply)")
        assertSafe(apply.stdout, "apply text")
        assertSafe(apply.stderr, "apply stderr")
        XCTAssertEqual(
            apply.stdout,
            planText + #"""

                done           + Label "influxsync"
                done           + Task "bel\u{7}esc\u{1B}[31mrlo\u{202E}gnp.exe"
                Apply complete: 2 changes done.

                """#)
        let applyJSON = try await sandbox.cli("apply", [workspace.path(), "--auto-approve", "--format", "json"], environment: environment)
        XCTAssertEqual(applyJSON.exitCode, 0, "\(applyJSON)")
        assertSafe(applyJSON.stderr, "apply json stderr")
        try assertJSONRoundTrips(applyJSON.stdout, contains: [Self.injection])

        // Drift: the managed task's description changed outside git, and a failed run whose log
        // carries a workflow command.
        let managed = try await sandbox.task(named: Self.mixed)
        _ = try await sandbox.api.updateTask(id: managed.id, TaskUpdateRequest(status: "active", description: Self.logLine))
        let run =
            #"{"status": "failed", "scheduledFor": "2026-01-01T00:00:00Z", "log": ["Started task from script: x", "\#(Self.logLine.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\u{1B}", with: "\\u001b"))", "Completed(failed)"]}"#
        let (code, body) = try await sandbox.raw("POST", "/sandbox/tasks/\(managed.id)/runs", json: run)
        XCTAssertEqual(code, 201, String(decoding: body, as: UTF8.self))

        for format in ["text", "json", "markdown"] {
            let drift = try await sandbox.cli("drift", [workspace.path(), "--format", format], environment: environment)
            XCTAssertEqual(drift.exitCode, 0, "\(drift)")
            assertSafe(drift.stderr, "drift \(format) stderr")
            if format == "json" {
                try assertJSONRoundTrips(drift.stdout, contains: [Self.injection, Self.logLine])
            } else {
                assertSafe(drift.stdout, "drift \(format)")
            }
            if format == "text" {
                // The whole report; times are the sandbox clock's, shown as <time>.
                XCTAssertEqual(
                    VaryingText.times(drift.stdout),
                    #"""
                    Drift report for org acme (\#(orgID)) (owner label "influxsync") at <time>

                    ~ Task "bel\u{7}esc\u{1B}[31mrlo\u{202E}gnp.exe" (\#(managed.id)) differs from the manifests [\#(workspace.path("tasks.yml")):1:1] (changed outside git, or a manifest edit not applied yet):
                        description: live "boom\n::error::from the log\u{1B}[0m", manifests "desc\n::notice::d\u{1B}[2J"

                    \#(unmanaged.map { "? Task \"\($0.1)\" (\($0.0)) is unmanaged: in the org, declared by no manifest, not owned\n\n" }.joined())Run health (1 managed task):
                      FAILING Task "bel\u{7}esc\u{1B}[31mrlo\u{202E}gnp.exe" (\#(managed.id)) every 1h: last run failed, latest completed <time>
                          error: boom\n::error::from the log\u{1B}[0m

                    1 changed, 0 missing, 3 unmanaged, 0 owned but undeclared, 0 not owned; 1 failing, 0 missed (1 managed task checked).

                    """#)
            }
        }
        for format in ["text", "json", "markdown"] {
            let status = try await sandbox.cli("status", [workspace.path(), "--format", format], environment: environment)
            XCTAssertEqual(status.exitCode, 0, "\(status)")
            assertSafe(status.stderr, "status \(format) stderr")
            if format == "json" {
                try assertJSONRoundTrips(status.stdout, contains: [Self.mixed])
            } else {
                assertSafe(status.stdout, "status \(format)")
            }
            if format == "text" {
                // The whole table; times shown as <time>.
                XCTAssertEqual(
                    VaryingText.times(status.stdout),
                    #"""
                    Status of 1 managed task in org acme (\#(orgID)) at <time>

                    TASK                                     ID                STATUS  SCHEDULE  LATEST COMPLETED      LAST RUN  MISSED  RUNS (oldest first)
                    bel\u{7}esc\u{1B}[31mrlo\u{202E}gnp.exe  \#(managed.id)  active  every 1h  <time>  failed    no      (no runs)
                        error: boom\n::error::from the log\u{1B}[0m

                    1 failing, 0 missed (1 managed task checked).

                    """#)
            }
        }
        let runs = try await sandbox.cli("runs", [managed.id, "--since", "3000d"], environment: environment)
        XCTAssertEqual(runs.exitCode, 0, "\(runs)")
        assertSafe(runs.stdout, "runs text")
        XCTAssertTrue(runs.stdout.hasPrefix("Runs of task \"bel\\u{7}esc\\u{1B}[31mrlo\\u{202E}gnp.exe\" (\(managed.id)) scheduled since "), runs.stdout)
        let runsJSON = try await sandbox.cli("runs", [managed.id, "--since", "3000d", "--format", "json"], environment: environment)
        XCTAssertEqual(runsJSON.exitCode, 0, "\(runsJSON)")
        _ = try JSONSerialization.jsonObject(with: Data(runsJSON.stdout.utf8))
        let logs = try await sandbox.cli("logs", [managed.id], environment: environment)
        XCTAssertEqual(logs.exitCode, 0, "\(logs)")
        assertSafe(logs.stdout, "logs")
        XCTAssertEqual(
            logs.stdout,
            #"""
            2026-01-01T00:00:00Z  Started task from script: x
            2026-01-01T00:00:00Z  boom\n::error::from the log\u{1B}[0m
            2026-01-01T00:00:00Z  Completed(failed)

            """#)
        // A task named by its hostile name in an error message.
        let missing = try await sandbox.cli("runs", ["nope\n::error::arg"], environment: environment)
        XCTAssertEqual(missing.exitCode, 1)
        assertSafe(missing.stderr, "runs error")
        XCTAssertTrue(missing.stderr.hasPrefix("error: no task named or with ID \"nope\\n::error::arg\" in org acme ("), missing.stderr)
    }

    /// The text as `<code>` shows it in Markdown: `\`, `[` and `]` as character references.
    private func markdownCode(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "&#92;").replacingOccurrences(of: "[", with: "&#91;").replacingOccurrences(of: "]", with: "&#93;")
    }
}
