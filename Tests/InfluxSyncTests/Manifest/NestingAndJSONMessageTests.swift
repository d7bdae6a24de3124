import InfluxSync
import XCTest

/// Issue 18 item 7: nesting past libyaml's own limit (1,000 levels) gets the same message as
/// our depth cap, never the C function libyaml names; a `.json` manifest's syntax errors say
/// "invalid JSON".
final class NestingAndJSONMessageTests: XCTestCase {
    func testNestingPastTheParsersOwnLimitNamesOurCap() {
        let text = String(repeating: "[", count: 1_200) + String(repeating: "]", count: 1_200) + "\n"
        let lines = ManifestTestSupport.load(text: text).lines
        XCTAssertEqual(
            lines,
            [
                "test.yml:1:1: error: YAML nesting is deeper than 256 levels (the depth cap)\n"
                    + "    hint: flatten the structure; manifests never need more than a few levels"
            ])
        XCTAssertFalse(lines.joined().contains("yaml_set_max_nest_level"))
    }

    func testBlockNestingPastTheParsersOwnLimitNamesOurCap() {
        let text = (0..<1_100).map { String(repeating: " ", count: $0) + "k:\n" }.joined()
        let lines = ManifestTestSupport.load(text: text).lines
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines.first?.hasPrefix("test.yml:") == true, "\(lines)")
        XCTAssertTrue(
            lines.first?.hasSuffix(": error: YAML nesting is deeper than 256 levels (the depth cap)\n    hint: flatten the structure; manifests never need more than a few levels")
                == true, "\(lines)")
    }

    func testJSONFileNestedTooDeepSaysJSON() {
        let text = String(repeating: "[", count: 1_200) + String(repeating: "]", count: 1_200) + "\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: text, path: "deep.json").lines,
            [
                "deep.json:1:1: error: JSON nesting is deeper than 256 levels (the depth cap)\n"
                    + "    hint: flatten the structure; manifests never need more than a few levels"
            ])
        let capped = String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n"
        XCTAssertEqual(
            ManifestTestSupport.load(text: capped, path: "deep.json").lines,
            [
                "deep.json:1:257: error: JSON nesting is deeper than 256 levels (the depth cap)\n"
                    + "    hint: flatten the structure; manifests never need more than a few levels"
            ])
    }

    func testJSONSyntaxErrorSaysInvalidJSON() {
        let text = "{\"apiVersion\": \"influxdata.com/v2alpha1\",\n \"kind\": \"Label\",, }\n"
        let lines = ManifestTestSupport.load(text: text, path: "label.json").lines
        XCTAssertEqual(lines.count, 1, "\(lines)")
        XCTAssertTrue(lines.first?.hasPrefix("label.json:2:") == true, "\(lines)")
        XCTAssertTrue(lines.first?.contains(": error: invalid JSON: ") == true, "\(lines)")
        XCTAssertFalse(lines.joined().contains("YAML"), "\(lines)")
    }
}
