import XCTest
final class FluxTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
