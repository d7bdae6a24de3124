import Flux
import XCTest

/// The one cron scanner: fields with their offsets, items with their range and step.
final class CronScannerTests: XCTestCase {
    func testFieldsAreSplitAtRunsOfBlanksWithTheirOffsets() {
        let fields = CronScanner.fields("  */5\t9-17 *  *\nMON-FRI ")
        XCTAssertEqual(fields.map(\.text), ["*/5", "9-17", "*", "*", "MON-FRI"])
        XCTAssertEqual(fields.map(\.offset), [2, 6, 11, 14, 16])
        XCTAssertEqual(CronScanner.fields(" \t ").map(\.text), [])
    }

    func testItemsKeepEmptyOnesAndSplitRangeAndStep() {
        let items = CronScanner.items("1,,10-20/5,*/2,1/2/3,-5")
        XCTAssertEqual(items.map { String($0.text) }, ["1", "", "10-20/5", "*/2", "1/2/3", "-5"])
        XCTAssertEqual(items.map(\.offset), [0, 2, 3, 11, 15, 21])
        XCTAssertEqual(items.map { String($0.base) }, ["1", "", "10-20", "*", "1", "-5"])
        XCTAssertEqual(items.map { $0.step.map(String.init) }, [nil, nil, "5", "2", "2", nil])
        XCTAssertEqual(items.map(\.hasExtraSlash), [false, false, false, false, true, false])
        XCTAssertEqual(items[2].ends.map(String.init), ["10", "20"])
        XCTAssertEqual(items[5].ends.map(String.init), ["", "5"])
    }

    /// The sandbox's scheduler reads fields as validation does: a tab between fields (which
    /// the server accepts) used to make the schedule never fire.
    func testValidationAndTheServerAcceptTabSeparatedFields() throws {
        XCTAssertNoThrow(try CronExpression.validate("0\t*/2 * * *"))
        XCTAssertNil(CronExpression.serverError("0\t*/2 * * *"))
    }
}
