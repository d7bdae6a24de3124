import InfluxAPI
import XCTest

@testable import InfluxSync

/// Names and fields are compared by their bytes, as InfluxDB compares them: `Café` written with
/// U+00E9 and with `e` + U+0301 are two names. Swift's `String ==` takes them for one, so a
/// task named one way was adopted as the live task named the other and the name never fixed.
final class PlannerExactNameTests: XCTestCase {
    private typealias F = Fixture
    private let composed = "Caf\u{E9}"
    private let decomposed = "Cafe\u{301}"

    func testCanonicallyEquivalentTaskNamesAreDifferentTasks() throws {
        XCTAssertEqual(composed, decomposed, "Swift's String equality, which the planner must not use for names")
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask(decomposed)]),
            live: F.live(tasks: [F.liveTask("0000000000000010", composed, labels: [])]))
        XCTAssertEqual(plan.changes.map(\.action), [.create])
        XCTAssertTrue(plan.changes[0].resource.name.isExactly(decomposed))
        XCTAssertEqual(plan.unmanaged.map(\.id), ["0000000000000010"])
    }

    func testAnOwnedTaskRenamedToItsOtherSpellingIsUpdated() throws {
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask(decomposed, previousNames: [composed])]),
            live: F.live(tasks: [F.liveTask("0000000000000010", composed)]))
        XCTAssertEqual(plan.changes.map(\.action), [.update])
        let name = try XCTUnwrap(plan.changes[0].fields.first { $0.field == "name" })
        XCTAssertEqual(name.old.map { Array($0.utf8) }, Array(composed.utf8))
        XCTAssertEqual(name.new.map { Array($0.utf8) }, Array(decomposed.utf8))
    }

    func testADescriptionThatDiffersOnlyInItsBytesIsSent() throws {
        let plan = try Planner.plan(
            desired: DesiredState(tasks: [F.desiredTask("cpu", description: decomposed)]),
            live: F.live(tasks: [F.liveTask("0000000000000010", "cpu", description: composed)]))
        XCTAssertEqual(plan.changes.map(\.action), [.update])
        XCTAssertEqual(plan.changes[0].fields.map(\.field), ["description"])
    }

    func testLabelIdentityKeepsTheBytesAndStaysCaseInsensitive() {
        XCTAssertNotEqual(Ownership.labelIdentity(composed), Ownership.labelIdentity(decomposed))
        XCTAssertEqual(Ownership.labelIdentity(" CAF\u{C9} "), Ownership.labelIdentity(composed))
        XCTAssertNotEqual(Ownership.labelIdentity("caf\\u{E9}"), Ownership.labelIdentity(composed), "an escape typed in a name is not the character")
        XCTAssertEqual(Ownership.labelIdentity("Team-Ops"), "team-ops")
    }
}
