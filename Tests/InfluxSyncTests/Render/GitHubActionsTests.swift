import Foundation
import XCTest

@testable import InfluxSync

final class GitHubActionsTests: XCTestCase {
    func testAnnotationsEscapePropertiesAndMessages() {
        let diagnostics = [
            Diagnostic(at: SourceLocation(file: "tasks/a,b:c.yml", line: 6, column: 3), field: "spec.evrey", "unknown field \"evrey\"", hint: "did you mean \"every\"?"),
            Diagnostic(.warning, at: nil, "100% of\nnothing"),
            Diagnostic(.note, at: SourceLocation(file: "x.yml", line: 1, column: 1), "3 documents of other kinds skipped"),
        ]
        XCTAssertEqual(
            GitHubActions.annotations(for: diagnostics),
            [
                "::error file=tasks/a%2Cb%3Ac.yml,line=6,col=3,title=influxsync spec.evrey::unknown field \"evrey\" (at spec.evrey)%0Ahint: did you mean \"every\"?",
                "::warning title=influxsync manifest::100%25 of\\nnothing",
                "::notice file=x.yml,line=1,col=1,title=influxsync manifest::3 documents of other kinds skipped",
            ])
    }

    /// A manifest name with a line break, ESC and BEL cannot end the annotation and start a
    /// workflow command of its own: the line break is `\n` text, the controls `\u{…}`, and
    /// the only `%0A` is the one before the hint.
    func testAnnotationsEscapeHostileNames() {
        let diagnostics = [
            Diagnostic(
                at: SourceLocation(file: "t\u{1B}.yml", line: 1, column: 1), field: "spec.name", "task \"x\n::error title=pwned::injected\" \u{7}is bad",
                hint: "rename \"\u{202E}cpu\"")
        ]
        XCTAssertEqual(
            GitHubActions.annotations(for: diagnostics),
            [
                "::error file=t\\u{1B}.yml,line=1,col=1,title=influxsync spec.name::task \"x\\n::error title=pwned::injected\" \\u{7}is bad (at spec.name)%0Ahint: rename \"\\u{202E}cpu\""
            ])
    }

    func testIsActiveOnlyForGitHubActionsTrue() {
        XCTAssertTrue(GitHubActions.isActive(environment: ["GITHUB_ACTIONS": "true"]))
        XCTAssertFalse(GitHubActions.isActive(environment: ["GITHUB_ACTIONS": "false"]))
        XCTAssertFalse(GitHubActions.isActive(environment: [:]))
    }

    func testStepSummaryAppendsAndCreates() throws {
        let dir = try CIFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("summary.md").path
        XCTAssertNil(try GitHubActions.appendStepSummary("x", environment: [:]))
        XCTAssertEqual(try GitHubActions.appendStepSummary("## one\n", environment: ["GITHUB_STEP_SUMMARY": path]), path)
        XCTAssertEqual(try GitHubActions.appendStepSummary("## two", environment: ["GITHUB_STEP_SUMMARY": path]), path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "## one\n\n## two\n\n")
    }
}
