import XCTest
final class InfluxSyncTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
