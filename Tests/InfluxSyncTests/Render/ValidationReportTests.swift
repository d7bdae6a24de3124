import Foundation
import XCTest

@testable import InfluxSync

/// `validate --format json|sarif|junit` (issue 17, linters' habits): exact documents.
final class ValidationReportTests: XCTestCase {
    let report = ValidationReport(
        files: ["a.yml", "b <&> \"q\".yml"],
        diagnostics: [
            Diagnostic(at: SourceLocation(file: "a.yml", line: 6, column: 3), field: "spec.evry", "unknown field `evry` in spec", hint: "did you mean `every`?"),
            Diagnostic(.warning, at: SourceLocation(file: "b <&> \"q\".yml", line: 2, column: 1), "name <x> & \u{1B}[31m"),
            Diagnostic(.note, at: nil, "3 documents of other kinds skipped"),
        ],
        labelCount: 0, taskCount: 0)

    func testJSONIsExactAndValidatesAgainstTheSchema() throws {
        XCTAssertEqual(
            report.json(),
            """
            {
              "diagnostics" : [
                {
                  "code" : null,
                  "column" : 3,
                  "field" : "spec.evry",
                  "file" : "a.yml",
                  "hint" : "did you mean `every`?",
                  "line" : 6,
                  "message" : "unknown field `evry` in spec",
                  "severity" : "error"
                },
                {
                  "code" : null,
                  "column" : 1,
                  "field" : null,
                  "file" : "b <&> \\"q\\".yml",
                  "hint" : null,
                  "line" : 2,
                  "message" : "name <x> & \\u001b[31m",
                  "severity" : "warning"
                },
                {
                  "code" : null,
                  "column" : null,
                  "field" : null,
                  "file" : null,
                  "hint" : null,
                  "line" : null,
                  "message" : "3 documents of other kinds skipped",
                  "severity" : "note"
                }
              ],
              "formatVersion" : 1,
              "summary" : {
                "errors" : 1,
                "files" : 2,
                "labels" : 0,
                "notes" : 1,
                "tasks" : 0,
                "warnings" : 1
              },
              "valid" : false
            }

            """)
        let outcome = try SchemaValidator.validate(json: report.json(), schema: "validate.schema.json")
        XCTAssertEqual(outcome.exitCode, 0, outcome.output)
    }

    func testJUnitHasATestcasePerFileAndEscapesHostileText() {
        XCTAssertEqual(
            report.junit(),
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="influxsync validate" tests="3" failures="1">
              <testsuite name="influxsync validate" tests="3" failures="1" errors="0" skipped="0">
                <testcase classname="influxsync.validate" name="a.yml">
                  <failure message="unknown field `evry` in spec" type="error">a.yml:6:3: error: unknown field `evry` in spec (at spec.evry)&#10;hint: did you mean `every`?</failure>
                </testcase>
                <testcase classname="influxsync.validate" name="b &lt;&amp;&gt; &quot;q&quot;.yml">
                  <system-out>b &lt;&amp;&gt; &quot;q&quot;.yml:2:1: warning: name &lt;x&gt; &amp; \\u{1B}[31m</system-out>
                </testcase>
                <testcase classname="influxsync.validate" name="manifests">
                  <system-out>note: 3 documents of other kinds skipped</system-out>
                </testcase>
              </testsuite>
            </testsuites>

            """)
    }

    func testSARIFNamesEachResultsFileLineAndColumn() throws {
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.sarif(version: "1.2.3").utf8)) as? [String: Any])
        XCTAssertEqual(object["version"] as? String, "2.1.0")
        let run = try XCTUnwrap((object["runs"] as? [[String: Any]])?.first)
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        XCTAssertEqual(driver["name"] as? String, "influxsync")
        XCTAssertEqual(driver["version"] as? String, "1.2.3")
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.map { $0["level"] as? String }, ["error", "warning", "note"])
        XCTAssertEqual(results.map { $0["ruleId"] as? String }, ["manifest/error", "manifest/warning", "manifest/note"])
        XCTAssertEqual((results[0]["message"] as? [String: Any])?["text"] as? String, "unknown field `evry` in spec (at spec.evry) Hint: did you mean `every`?")
        let location = try XCTUnwrap(((results[1]["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
        XCTAssertEqual((location["artifactLocation"] as? [String: Any])?["uri"] as? String, "b%20%3C&%3E%20%22q%22.yml")
        XCTAssertEqual((location["region"] as? [String: Any])?["startLine"] as? Int, 2)
        XCTAssertEqual((location["region"] as? [String: Any])?["startColumn"] as? Int, 1)
        XCTAssertEqual((results[2]["locations"] as? [Any])?.count, 0)
    }
}

/// `runs --format json` follows its schema (issue 17: every JSON document has a formatVersion
/// and a schema).
final class RunsSchemaTests: XCTestCase {
    func testARunsDocumentValidatesAndAWrongOneIsRefused() throws {
        let good = """
            {"formatVersion": 1, "task": {"id": "0a1b2c3d4e5f6071", "name": "cpu"},
             "runs": [{"id": "0b1b2c3d4e5f6071", "taskID": "0a1b2c3d4e5f6071", "status": "failed",
                       "scheduledFor": "2026-12-01T10:00:00Z", "startedAt": "2026-12-01T10:00:01Z", "finishedAt": "2026-12-01T10:00:02Z"}]}
            """
        XCTAssertEqual(try SchemaValidator.validate(json: good, schema: "runs.schema.json").exitCode, 0)
        let bad = #"{"formatVersion": 2, "task": {"id": "x", "name": "cpu"}, "runs": [{"id": "0b1b2c3d4e5f6071", "status": "done"}]}"#
        XCTAssertEqual(try SchemaValidator.validate(json: bad, schema: "runs.schema.json").exitCode, 1)
    }
}

/// `run|retry|cancel --format json` follow `schemas/run.schema.json`.
final class RunSchemaTests: XCTestCase {
    func testStartedAndCanceledDocumentsValidateAndAMixIsRefused() throws {
        let started = """
            {"formatVersion": 1, "task": {"id": "0a1b2c3d4e5f6071", "name": "cpu"},
             "run": {"id": "0b1b2c3d4e5f6071", "taskID": "0a1b2c3d4e5f6071", "status": "scheduled",
                     "scheduledFor": "2026-12-01T10:00:00Z", "requestedAt": "2026-12-01T10:00:00.5Z"}}
            """
        XCTAssertEqual(try SchemaValidator.validate(json: started, schema: "run.schema.json").exitCode, 0)
        let canceled = #"{"formatVersion": 1, "task": {"id": "0a1b2c3d4e5f6071", "name": "cpu"}, "canceledRunID": "0b1b2c3d4e5f6071"}"#
        XCTAssertEqual(try SchemaValidator.validate(json: canceled, schema: "run.schema.json").exitCode, 0)
        let neither = #"{"formatVersion": 1, "task": {"id": "0a1b2c3d4e5f6071", "name": "cpu"}}"#
        XCTAssertEqual(try SchemaValidator.validate(json: neither, schema: "run.schema.json").exitCode, 1)
    }
}

/// `logs --format json` follows `schemas/logs.schema.json`.
final class LogsSchemaTests: XCTestCase {
    func testALogsDocumentValidates() throws {
        let good =
            #"{"formatVersion": 1, "task": {"id": "0a1b2c3d4e5f6071", "name": "cpu"}, "runID": "0b1b2c3d4e5f6071", "log": [{"time": "2026-12-01T10:00:00.123456789Z", "message": "Completed(failed)"}]}"#
        XCTAssertEqual(try SchemaValidator.validate(json: good, schema: "logs.schema.json").exitCode, 0)
        let bad = #"{"formatVersion": 1, "task": {"id": "0a1b2c3d4e5f6071", "name": "cpu"}, "runID": "0b1b2c3d4e5f6071", "log": [{"message": "x"}]}"#
        XCTAssertEqual(try SchemaValidator.validate(json: bad, schema: "logs.schema.json").exitCode, 1)
    }
}

/// `retry-failed --format json` follows `schemas/retry-failed.schema.json`.
final class RetryFailedSchemaTests: XCTestCase {
    func testARetryFailedDocumentValidates() throws {
        let good = """
            {"formatVersion": 1, "since": "2026-12-01T09:00:00Z", "dryRun": false, "summary": {"found": 1, "retried": 1, "failed": 0},
             "retries": [{"task": {"id": "0a1b2c3d4e5f6071", "name": "cpu"}, "run": "0b1b2c3d4e5f6071", "scheduledFor": "2026-12-01T10:00:00Z",
                          "retriedAs": "0c1b2c3d4e5f6071", "error": null}]}
            """
        XCTAssertEqual(try SchemaValidator.validate(json: good, schema: "retry-failed.schema.json").exitCode, 0)
        let bad = #"{"formatVersion": 1, "since": "x", "dryRun": false, "summary": {"found": 1}, "retries": []}"#
        XCTAssertEqual(try SchemaValidator.validate(json: bad, schema: "retry-failed.schema.json").exitCode, 1)
    }
}
