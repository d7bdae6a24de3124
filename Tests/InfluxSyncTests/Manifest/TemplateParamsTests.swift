import Flux
import XCTest

@testable import InfluxSync

/// v2alpha2 `spec.params` read as `influx apply` reads them (issue 21 item 5): the query's
/// `option params` record holds the defaults, `spec.params` entries add or replace them,
/// `--env-ref tasks[<name>].spec.params.<key>` sets values, and the values are written into
/// the record the script reads as `params.<key>`.
final class TemplateParamsTests: XCTestCase {
    static func template(params: String, query: String) -> String {
        """
        apiVersion: influxdata.com/v2alpha2
        kind: Task
        metadata:
          name: downsample
        spec:
          every: 1h
        \(params)
          query: |-
        \(query.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    static let query = """
        option params = {bucket: "telegraf", window: 5m, limit: 10}

        from(bucket: params.bucket)
            |> range(start: -task.every)
            |> aggregateWindow(every: params.window, fn: mean)
            |> limit(n: params.limit)
        """

    func testEntriesReplaceDefaultsAndEnvRefsSetValuesInTheRecord() throws {
        let text = Self.template(
            params: """
                  params:
                    - key: bucket
                      type: string
                      default: "metrics"
                    - key: window
                      type: duration
                      default: 10m
                    - key: threshold
                      type: float
                      default: 2
                """, query: Self.query)
        let (result, lines) = ManifestTestSupport.load(text: text, envRefs: ["tasks[downsample].spec.params.limit": "50"])
        XCTAssertEqual(lines, [])
        let task = try XCTUnwrap(result.desired?.tasks.first)
        XCTAssertEqual(
            task.query,
            """
            option params = {bucket: "metrics", window: 10m, limit: 50, threshold: 2.0}

            from(bucket: params.bucket)
                |> range(start: -task.every)
                |> aggregateWindow(every: params.window, fn: mean)
                |> limit(n: params.limit)
            """)
        XCTAssertEqual(task.script, "option task = {name: \"downsample\", every: 1h}\n\n" + task.query + "\n")
    }

    func testTheRecordAloneIsLeftAsWrittenAndAnEnvRefReachesItWithoutEntries() throws {
        let plain = try XCTUnwrap(ManifestTestSupport.load(text: Self.template(params: "", query: Self.query)).result.desired?.tasks.first)
        XCTAssertEqual(plain.query, Self.query)
        let (result, lines) = ManifestTestSupport.load(
            text: Self.template(params: "", query: Self.query),
            envRefs: ["tasks[downsample].spec.params.bucket": "say \"${hi}\""])
        XCTAssertEqual(lines, [])
        XCTAssertEqual(
            result.desired?.tasks.first?.query.split(separator: "\n").first,
            #"option params = {bucket: "say \"\${hi}\"", window: 5m, limit: 10}"#)
    }

    func testAnEntryWithoutDefaultTakesItsValueAndTypeFromTheEnvRef() throws {
        let text = Self.template(
            params: """
                  params:
                    - key: since
                      type: time
                """, query: Self.query)
        let (result, lines) = ManifestTestSupport.load(text: text, envRefs: ["tasks[downsample].spec.params.since": "2024-01-01T00:00:00Z"])
        XCTAssertEqual(lines, [])
        XCTAssertEqual(
            result.desired?.tasks.first?.query.split(separator: "\n").first,
            "option params = {bucket: \"telegraf\", window: 5m, limit: 10, since: 2024-01-01T00:00:00Z}")
    }

    func testParamsWithoutARecordReachNoScriptAndSayWhy() {
        let text = Self.template(
            params: """
                  params:
                    - key: bucket
                      type: string
                      default: metrics
                """, query: "from(bucket: \"b\") |> range(start: -1h)")
        XCTAssertEqual(
            ManifestTestSupport.load(text: text).lines,
            [
                "test.yml:7:3: warning: the query has no `option params` record, so the values of `spec.params` reach no script (influx apply writes them into that record) (at spec.params)\n    hint: add `option params = {bucket: …}` to the query and read the values as `params.<key>`"
            ])
    }

    func testAValueThatIsNotOfItsTypeIsAnErrorAtItsLine() {
        let text = Self.template(
            params: """
                  params:
                    - key: window
                      type: duration
                      default: soon
                    - key: extra
                """, query: Self.query)
        XCTAssertEqual(
            ManifestTestSupport.load(text: text).lines,
            [
                "test.yml:11:7: error: parameter `extra` has no default (at spec.params[1].default)\n    hint: add `default:` or pass `--env-ref tasks[downsample].spec.params.extra=<value>`"
            ])
        let typed = Self.template(
            params: """
                  params:
                    - key: window
                      type: duration
                      default: soon
                """, query: Self.query)
        XCTAssertEqual(
            ManifestTestSupport.load(text: typed).lines,
            [
                "test.yml:10:16: error: parameter `window`: `soon` is not a Flux duration (at spec.params[0].default)\n    hint: write a Flux duration, e.g. `5m` or `1h30m`"
            ])
    }

    /// The conflict names the `spec.task` entry the value comes from, not the query's record.
    func testAConflictWithASpecTaskEntryNamesTheEntry() {
        let text = """
            apiVersion: influxdata.com/v2alpha2
            kind: Task
            metadata:
              name: t
            spec:
              every: 1h
              task:
                - key: every
                  type: duration
                  default: 2h
              query: |-
                from(bucket: "b") |> range(start: -1h)
            """
        XCTAssertEqual(
            ManifestTestSupport.load(text: text).lines,
            [
                "test.yml:6:10: error: spec.every `1h` conflicts with `every: 2h` in the `spec.task[0]` entry at 10:16 (at spec.every)\n    hint: set the value in one place only: remove it from the `spec.task[0]` entry or from spec.every"
            ])
        let fromEnv = ManifestTestSupport.load(text: text, envRefs: ["tasks[t].spec.task.every": "3h"]).lines
        XCTAssertEqual(
            fromEnv,
            [
                "test.yml:6:10: error: spec.every `1h` conflicts with `every: 3h` in `--env-ref tasks[t].spec.task.every` (for the `spec.task[0]` entry) at 8:12 (at spec.every)\n    hint: set the value in one place only: remove it from `--env-ref tasks[t].spec.task.every` (for the `spec.task[0]` entry) or from spec.every"
            ])
    }
}
