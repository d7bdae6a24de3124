import Foundation
import XCTest

/// A parameterised v2alpha2 template (issue 21 item 5) applied to the served sandbox: the
/// `spec.params` defaults and an `--env-ref` reach the stored script's `option params` record,
/// and the next plan has no changes.
final class TemplateParamsEndToEndTests: XCTestCase {
    func testParamsReachTheStoredScriptAndThePlanConverges() async throws {
        try await SandboxHarness.with { sandbox in
            let workspace = try Workspace()
            _ = try workspace.write(
                "template.yml",
                """
                apiVersion: influxdata.com/v2alpha2
                kind: Task
                metadata:
                  name: downsample
                spec:
                  every: 1h
                  params:
                    - key: bucket
                      type: string
                      default: telegraf
                    - key: window
                      type: duration
                      default: 5m
                  query: |-
                    option params = {bucket: "b", window: 1m}

                    from(bucket: params.bucket)
                        |> range(start: -task.every)
                        |> aggregateWindow(every: params.window, fn: mean)

                """)
            let envRef = ["--env-ref", "tasks[downsample].spec.params.window=15m"]
            let apply = try await sandbox.cli("apply", [workspace.path(), "--auto-approve"] + envRef)
            XCTAssertEqual(apply.exitCode, 0, "\(apply)")
            let task = try await sandbox.task(named: "downsample")
            XCTAssertEqual(
                task.flux,
                """
                option task = {name: "downsample", every: 1h}

                option params = {bucket: "telegraf", window: 15m}

                from(bucket: params.bucket)
                    |> range(start: -task.every)
                    |> aggregateWindow(every: params.window, fn: mean)

                """)
            let again = try await sandbox.cli("plan", [workspace.path(), "--detailed-exitcode"] + envRef)
            XCTAssertEqual(again.exitCode, 0, "\(again)")
            let other = try await sandbox.cli("plan", [workspace.path()])
            XCTAssertTrue(other.stdout.contains("-option params = {bucket: \"telegraf\", window: 15m}\n"), other.stdout)
            XCTAssertTrue(other.stdout.contains("+option params = {bucket: \"telegraf\", window: 5m}\n"), other.stdout)
        }
    }
}
