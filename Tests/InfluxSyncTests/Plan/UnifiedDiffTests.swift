import XCTest

@testable import InfluxSync

final class UnifiedDiffTests: XCTestCase {
    func testIdenticalTextsHaveNoDiff() {
        XCTAssertNil(UnifiedDiff.make(old: "a\nb\n", new: "a\nb"))
    }

    func testHunksKeepThreeLinesOfContextAndSplitWhenFarApart() {
        let old = (1...12).map { "l\($0)" }.joined(separator: "\n")
        var lines = (1...12).map { "l\($0)" }
        lines[1] = "L2"
        lines[10] = "L11"
        XCTAssertEqual(
            UnifiedDiff.make(old: old, new: lines.joined(separator: "\n")),
            """
            --- live
            +++ manifest
            @@ -1,5 +1,5 @@
             l1
            -l2
            +L2
             l3
             l4
             l5
            @@ -8,5 +8,5 @@
             l8
             l9
             l10
            -l11
            +L11
             l12

            """)
    }

    func testInsertionIntoEmpty() {
        XCTAssertEqual(UnifiedDiff.make(old: "", new: "x"), "--- live\n+++ manifest\n@@ -0,0 +1,1 @@\n+x\n")
    }
}
