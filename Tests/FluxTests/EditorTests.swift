import XCTest

@testable import Flux

/// The pinned examples of influxdb-api.md §7.4, byte for byte, and the §7.3 A5 edit rules.
final class EditorTests: XCTestCase {
    private func edit(_ script: String, _ edits: TaskOptionEdits) throws -> String {
        try TaskScriptEditor.apply(edits, to: script)
    }

    func testPinnedEveryReplacement() throws {
        XCTAssertEqual(
            try edit(#"option task = {every: 20s, name: "foo"} from(bucket:"x") |> range(start:-1h)"#, TaskOptionEdits(every: "10s")),
            "option task = {every: 10s, name: \"foo\"}\n\nfrom(bucket: \"x\") |> range(start: -1h)\n")
    }

    func testPinnedOffsetCleared() throws {
        XCTAssertEqual(
            try edit(#"option task = {cron: "* * * * *", name: "foo", offset: 10s} from(bucket:"x") |> range(start:-1h)"#, TaskOptionEdits(offset: .remove)),
            "option task = {cron: \"* * * * *\", name: \"foo\"}\n\nfrom(bucket: \"x\") |> range(start: -1h)\n")
    }

    func testPinnedCronToEveryThenOffsetAppended() throws {
        let stored =
            "option task = {name: \"task-Options-Update\", cron: \"* * * * *\", concurrency: 100, offset: 10s}\n\nfrom(bucket: \"b\")\n    |> to(bucket: \"two\", orgID: \"000000000000000\")\n"
        let first = try edit(stored, TaskOptionEdits(every: "10s", offset: .remove))
        XCTAssertEqual(
            first, "option task = {name: \"task-Options-Update\", every: 10s, concurrency: 100}\n\nfrom(bucket: \"b\")\n    |> to(bucket: \"two\", orgID: \"000000000000000\")\n")
        let second = try edit(first, TaskOptionEdits(offset: .set("10s")))
        XCTAssertEqual(
            second,
            "option task = {name: \"task-Options-Update\", every: 10s, concurrency: 100, offset: 10s}\n\nfrom(bucket: \"b\")\n    |> to(bucket: \"two\", orgID: \"000000000000000\")\n"
        )
    }

    func testPinnedRenameKeepsCommentAndPipelineShape() throws {
        let stored =
            "option task = {\n\tname: \"task-changed #98\",\n\tcron: \"* * * * *\",\n\toffset: 5s,\n\tconcurrency: 100,\n}\n\n// This comment should persist.\nfrom(bucket: \"b\")\n\t|> to(bucket: \"two\", orgID: \"000000000000000\")"
        XCTAssertEqual(
            try edit(stored, TaskOptionEdits(every: "30s")),
            """
            option task = {name: "task-changed #98", every: 30s, offset: 5s, concurrency: 100}

            // This comment should persist.
            from(bucket: "b")
                |> to(bucket: "two", orgID: "000000000000000")

            """)
    }

    func testEveryToCronAndNewNameEscaping() throws {
        XCTAssertEqual(
            try edit("option task = {name: \"a\", every: 1h}\nx = 1", TaskOptionEdits(name: "say \"hi\" \\ ${x}", cron: "0 * * * *")),
            "option task = {name: \"say \\\"hi\\\" \\\\ ${x}\", cron: \"0 * * * *\"}\n\nx = 1\n")
        XCTAssertEqual(
            try edit("option task = {name: \"a\", every: 1h}\nx = 1", TaskOptionEdits(offset: .set("-90s"))),
            "option task = {name: \"a\", every: 1h, offset: -90s}\n\nx = 1\n")
    }

    func testRemovingOffsetSkipsTheNextPropertyWhenTwoFollow() throws {
        let out = try edit("option task = {name: \"a\", offset: 5s, every: 1h, retry: 2}\nx = 1", TaskOptionEdits(every: "2h", offset: .remove))
        XCTAssertEqual(out, "option task = {name: \"a\", every: 1h, retry: 2, every: 2h}\n\nx = 1\n")
        XCTAssertEqual(try InfluxTaskOptionsValidator.validate(out).every, "1h")
        XCTAssertEqual(
            try edit("option task = {name: \"a\", offset: 5s, every: 1h}\nx = 1", TaskOptionEdits(every: "2h", offset: .remove)),
            "option task = {name: \"a\", every: 2h}\n\nx = 1\n")
    }

    func testRawPatchValuesAreReadAsTheServerDoes() throws {
        let stored = "option task = {name: \"a\", every: 1h, offset: 5m}\nx=1"
        XCTAssertEqual(try edit(stored, TaskOptionEdits(name: "", every: "0s", cron: "")), stored)
        XCTAssertEqual(try edit(stored, TaskOptionEdits(offset: .set("0s"))), "option task = {name: \"a\", every: 1h}\n\nx = 1\n")
        XCTAssertEqual(try edit(stored, TaskOptionEdits(offset: .set(""))), "option task = {name: \"a\", every: 1h}\n\nx = 1\n")
        let bad = try edit(stored, TaskOptionEdits(every: "10x"))
        XCTAssertEqual(bad, "option task = {name: \"a\", every: 10x, offset: 5m}\n\nx = 1\n")
        XCTAssertThrowsError(try InfluxTaskOptionsValidator.validate(bad)) { error in
            XCTAssertEqual((error as? InfluxTaskOptionsError)?.message, "invalid options: loc 1:36-1:37: expected }, found x")
        }
    }

    func testNoEditsKeepsTheScriptVerbatimAndErrors() {
        XCTAssertEqual(try edit("option task = {name:\"a\",every:1h}  x=1", TaskOptionEdits()), "option task = {name:\"a\",every:1h}  x=1")
        XCTAssertThrowsError(try edit("x = (", TaskOptionEdits())) { error in
            XCTAssertEqual("\(error)", "loc 1:6-1:7: expected an expression, found end of script")
        }
        XCTAssertThrowsError(try edit("x = 1", TaskOptionEdits(every: "1h"))) { error in
            XCTAssertEqual(error as? TaskScriptEditError, .noOptionTask)
            XCTAssertEqual("\(error)", "unable to edit option")
        }
        XCTAssertThrowsError(try edit("option task = {name: \"a\", every: 1h", TaskOptionEdits(every: "2h"))) { error in
            XCTAssertEqual("\(error)", "loc 1:36-1:37: expected }, found end of script")
        }
    }
}
