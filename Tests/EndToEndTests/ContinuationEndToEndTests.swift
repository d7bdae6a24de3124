import XCTest

/// Issue 20 item 1 through the binary: a query that continues the `option task` record is
/// refused by `validate` at its line, and `apply` sends nothing (the server would have
/// answered 400 on create, influxdb-api.md §4.3, §22.4).
final class ContinuationEndToEndTests: SandboxTestCase {
    func testValidateAndApplyRefuseABodyThatContinuesTheRecord() async throws {
        let path = try workspace.write(
            "tasks.yml",
            """
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: sign
            spec:
              every: 1h
              query: |-
                // the sign continues the record above the query
                -1 * 2
            ---
            apiVersion: influxdata.com/v2alpha1
            kind: Task
            metadata:
              name: fine
            spec:
              every: 1h
              query: |-
                x = (from(bucket: "b") |> range(start: -1h))
                x |> yield()

            """)
        let expected = """
            \(path):9:5: error: the query starts with `-`, which InfluxDB reads as continuing the `option task` record above it: a subtraction (at spec.query)
                hint: a line break does not end a Flux expression: bind the expression to a name (`x = (…)`), or start the query with an import or another statement
            1 error in the manifests.

            """
        let validated = try await CLIProcess.run(["validate", path], environment: ["NO_COLOR": "1"])
        XCTAssertEqual(validated.exitCode, 1, "\(validated)")
        XCTAssertEqual(validated.stderr, expected)

        try await sandbox.clearRequests()
        let applied = try await sandbox.cli("apply", [path, "--auto-approve"])
        XCTAssertEqual(applied.exitCode, 1, "\(applied)")
        XCTAssertEqual(applied.stderr, expected)
        let writes = try await sandbox.resourceWrites()
        XCTAssertEqual(writes, [])
    }
}
