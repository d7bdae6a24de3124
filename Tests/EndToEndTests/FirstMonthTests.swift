import XCTest

/// Cases a team hits in its first month (issue 21), through the real binary: each message where
/// the user saw it.
final class FirstMonthTests: XCTestCase {
    func testASyntaxErrorInAJSONManifestIsCalledInvalidJSONAtItsLine() async throws {
        let workspace = try Workspace()
        let file = try workspace.write(
            "bad.json",
            """
            {"apiVersion": "influxdata.com/v2alpha1", "kind": "Task",
             "metadata": {"name": "cpu"},
             "spec": {"every": "1h" "query": "x"}}

            """)
        let result = try await CLIProcess.run(["validate", file], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(result.exitCode, 1, "\(result)")
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(
            result.stderr,
            """
            \(file):3:25: error: invalid JSON: did not find expected ',' or '}' (while parsing a flow mapping at line 3)
                hint: fix the JSON here; the rest of this file was not checked
            1 error in the manifests.

            """)
    }

    func testANegativeOffsetIsAWarningThatKeepsTheExitStatus() async throws {
        let workspace = try Workspace()
        let file = try workspace.write(
            "neg.yml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: cpu
            spec:
              every: 1h
              offset: -5m
              query: |
                from(bucket: "b") |> range(start: -1h)

            """)
        let result = try await CLIProcess.run(["validate", file], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(result.exitCode, 0, "\(result)")
        XCTAssertEqual(result.stdout, "Manifests are valid: 0 labels, 1 task.\n")
        XCTAssertEqual(
            result.stderr,
            """
            \(file):7:11: warning: offset -5m is negative: each run starts 5m before its scheduled time, before the data of its period has arrived (at spec.offset)
                hint: an offset delays runs so late data is in: write a positive duration such as `5m`, or remove it

            """)
    }
}
