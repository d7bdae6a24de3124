import XCTest
final class InfluxSandboxTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
