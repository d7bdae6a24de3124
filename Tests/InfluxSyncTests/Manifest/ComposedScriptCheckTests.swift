import Flux
import InfluxSync
import XCTest

/// Validation checks the script we send (the `option task` record, then the body), parsed by
/// the sandbox's code, and reports what the server would refuse at the manifest's position
/// (influxdb-api.md §4.3, §22.4).
final class ComposedScriptCheckTests: XCTestCase {
    private func task(_ query: String) -> String {
        """
        apiVersion: influxdata.com/v2alpha1
        kind: Task
        metadata:
          name: t
        spec:
          every: 1h
          query: |-
        \(query.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))

        """
    }

    func testABodyThatContinuesTheRecordIsRefusedAtItsLine() {
        let loaded = ManifestTestSupport.load(text: task("import \"array\"\n\n(array.from(rows: [{a: 1}]))\n  |> yield()"))
        XCTAssertEqual(
            loaded.lines,
            [
                """
                test.yml:10:5: error: the query starts with `(`, which InfluxDB reads as continuing the `option task` record above it: a call of the record (at spec.query)
                    hint: a line break does not end a Flux expression: bind the expression to a name (`x = (…)`), or start the query with an import or another statement
                """
            ])
        XCTAssertNil(loaded.result.desired)
    }

    func testALeadingRegexIsADivisionAfterTheRecord() {
        let loaded = ManifestTestSupport.load(text: task("// matches hosts\n/web/ =~ \"webserver\""))
        XCTAssertEqual(
            loaded.lines.first,
            """
            test.yml:9:5: error: the query starts with `/`, which InfluxDB reads after the `option task` record as a division, not as a regular expression (at spec.query)
                hint: a line break does not end a Flux expression: bind the expression to a name (`x = (…)`), or start the query with an import or another statement
            """)
    }

    func testASyntaxErrorInTheBodyIsReportedWhereItIsWritten() {
        let loaded = ManifestTestSupport.load(text: task("from(bucket: \"b\")\n  |> range(start: -1h)\n  |> filter(fn: (r) => r.a, b: 01)"))
        XCTAssertEqual(
            loaded.lines,
            [
                """
                test.yml:10:36: error: invalid Flux in query: invalid integer literal "01": nonzero value cannot start with 0 (at spec.query)
                    hint: InfluxDB refuses the script we would send (`invalid options: loc 5:32-5:33: invalid integer literal "01": nonzero value cannot start with 0`); fix the query at this position
                """
            ])
    }

    /// Habits from other languages get a hint that names them: `/* */` comments (read as a
    /// regular expression, or after the record as a division), single quotes, `#` comments.
    func testCommentsAndQuotesFromOtherLanguagesAreNamed() {
        let cases: [(query: String, line: String)] = [
            (
                "/* downsample\n   hourly */\nfrom(bucket: \"b\")",
                "test.yml:8:5: error: invalid Flux in query: unterminated regular expression literal (at spec.query)\n    hint: Flux has no /* … */ comments: start each comment line with //"
            ),
            (
                "/* downsample */\nfrom(bucket: \"b\")",
                "test.yml:8:20: error: invalid Flux in query: unterminated regular expression literal (at spec.query)\n    hint: InfluxDB refuses the script we would send (`invalid options: loc 3:16-3:17: unterminated regular expression literal`); Flux has no /* … */ comments: start each comment line with //"
            ),
            (
                "from(bucket: 'b')",
                "test.yml:8:18: error: invalid Flux in query: invalid character ''' (at spec.query)\n    hint: Flux strings are written in double quotes: \"…\""
            ),
            (
                "# downsample\nfrom(bucket: \"b\")",
                "test.yml:8:5: error: invalid Flux in query: invalid character '#' (at spec.query)\n    hint: Flux comments start with //"
            ),
        ]
        for (query, line) in cases {
            XCTAssertEqual(ManifestTestSupport.load(text: task(query)).lines.first, line, query)
        }
    }

    /// `compose` writes the record from its values: a comment inside the query's record is not
    /// sent, which the load says where it is written.
    func testACommentInsideTheRecordIsAWarning() {
        let loaded = ManifestTestSupport.load(
            text: task("option task = {\n  name: \"t\",\n  // hourly, see the runbook\n  every: 1h,\n}\nfrom(bucket: \"b\") |> range(start: -1h)"))
        XCTAssertEqual(
            loaded.lines,
            [
                "test.yml:10:7: warning: this comment inside the `option task` record is not sent: influxsync writes the record from its values (at spec.query)\n    hint: move the comment above the `option task` line, where it is kept"
            ])
        XCTAssertEqual(loaded.result.desired?.tasks.first?.script, "option task = {name: \"t\", every: 1h}\n\nfrom(bucket: \"b\") |> range(start: -1h)\n")
    }

    /// A record property that uses a name the query defines cannot be sent (the record goes
    /// above the query): an error at the name, and no second error about the schedule.
    func testARecordPropertyUsingANameTheQueryDefinesIsAnError() {
        let loaded = ManifestTestSupport.load(
            text: """
                apiVersion: influxdata.com/v2alpha1
                kind: Task
                metadata:
                  name: t
                spec:
                  query: |-
                    b = "raw"
                    option task = {name: "t", every: 1h, bucket: b}
                    from(bucket: task.bucket) |> range(start: -1h)
                """)
        XCTAssertEqual(
            loaded.lines,
            [
                "test.yml:8:50: error: option task property `bucket` uses `b`, which the query defines: the record is sent above the query, where `b` is not defined yet (at spec.query)\n    hint: write the value itself in the record (e.g. `bucket: \"…\"`), or use `b` in the query instead of `task.bucket`"
            ])
    }

    /// A query that does not read may hold the schedule in its record: only its own error is
    /// reported, not "neither `every` nor `cron`"; a regex is not taken for a `/*` comment.
    func testAnUnreadQueryAddsNoScheduleErrorAndRegexesGetNoCommentHint() {
        let loaded = ManifestTestSupport.load(
            text: """
                apiVersion: influxdata.com/v2alpha1
                kind: Task
                metadata:
                  name: t
                spec:
                  query: |-
                    option task = {name: "t" every: 1h}
                    x = 1
                """)
        XCTAssertEqual(
            loaded.lines,
            [
                "test.yml:7:30: error: invalid Flux in query: option task property `name` is not followed by a comma: write `,` before `every` (at spec.query)\n    hint: fix the query at this position"
            ])
        let regex = ManifestTestSupport.load(text: task("from(bucket: \"b\")\n  |> filter(fn: (r) => r._m =~ /cpu.*/ and )"))
        XCTAssertEqual(regex.lines.count, 1)
        XCTAssertFalse(regex.lines.first?.contains("/* … */") ?? true, regex.lines.first ?? "")
    }

    /// A query without the word `option` is read and composed by its script check on another
    /// core (`QueryRead.deferred`); one with it (even in a comment) by the reader: both give
    /// the script `compose` gives, for more tasks than one batch of checks.
    func testDeferredAndReaderComposedScriptsAreTheSame() throws {
        let bodies = [
            "import \"strings\"\n// hourly\nfrom(bucket: \"b\")\n  |> range(start: -1h)",
            "// no option here\nfrom(bucket: \"b\") |> range(start: -1h)",
            "x = \"options\"\nfrom(bucket: x)",
        ]
        var text = ""
        for index in 0..<150 {
            let body = bodies[index % bodies.count]
            text += "---\napiVersion: influxdata.com/v2alpha1\nkind: Task\nmetadata:\n  name: t\(index)\nspec:\n  every: \(1 + index % 5)h\n  query: |-\n"
            text += body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        let loaded = ManifestTestSupport.load(text: text)
        XCTAssertEqual(loaded.lines, [])
        let tasks = try XCTUnwrap(loaded.result.desired?.tasks)
        XCTAssertEqual(tasks.count, 150)
        for (index, task) in tasks.enumerated() {
            let options = TaskOptions(name: "t\(index)", schedule: .every(try FluxDuration(parsing: "\(1 + index % 5)h")))
            XCTAssertEqual(task.script, try FluxScript.compose(options: options, query: bodies[index % bodies.count]), "t\(index)")
            XCTAssertEqual(task.query, bodies[index % bodies.count], "t\(index)")
        }
    }

    func testAFluxFileIsCheckedAsWritten() {
        let flux = "option task = {name: \"t\", every: 1h}\n\n[\"a\": 1]\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: flux, path: "t.flux").lines,
            [
                """
                t.flux:3:1: error: invalid Flux: the query starts with `[`, which InfluxDB reads as continuing the `option task` record above it: an index into the record
                    hint: a line break does not end a Flux expression: bind the expression to a name (`x = (…)`), or start it with another statement
                """
            ])
    }

    func testAFluxFileWithASyntaxErrorAfterTheRecordNamesTheServersAnswer() {
        let flux = "option task = {name: \"t\", every: 1h}\n\nx = f(a, b: 1)\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: flux, path: "t.flux").lines,
            [
                """
                t.flux:3:10: error: invalid Flux: cannot mix implicit and explicit properties
                    hint: InfluxDB refuses this script (`invalid options: loc 3:10-3:11: cannot mix implicit and explicit properties`); fix it at this position
                """
            ])
    }

    func testBodiesThatStartWithAStatementAreValid() {
        for query in ["x = (r) => r\nx", "@edition(\"2022.1\")\nfrom(bucket: \"b\")", "// c\nfrom(bucket: \"b\")\n  |> range(start: -1h)"] {
            XCTAssertEqual(ManifestTestSupport.load(text: task(query)).lines, [], query)
        }
    }
}

/// A query's record may hold only some keys: `spec` gives the rest (the record export writes
/// for properties the script reads, `option task = {bucket: "raw"}`).
final class PartialRecordTests: XCTestCase {
    func testSpecFillsWhatTheQuerysRecordLeavesOut() throws {
        let loaded = ManifestTestSupport.load(
            text: """
                apiVersion: influxdata.com/v2alpha1
                kind: Task
                metadata:
                  name: t1
                spec:
                  every: 2h
                  query: |-
                    option task = {name: "t1", bucket: "raw"}

                    from(bucket: task.bucket) |> range(start: -1h)
                """)
        XCTAssertEqual(loaded.lines, [])
        let task = try XCTUnwrap(loaded.result.desired?.tasks.first)
        XCTAssertEqual(task.script, "option task = {name: \"t1\", every: 2h, bucket: \"raw\"}\n\nfrom(bucket: task.bucket) |> range(start: -1h)\n")
        XCTAssertEqual(task.query, "from(bucket: task.bucket) |> range(start: -1h)")
    }
}
