import XCTest

@testable import influxsync

/// The hint of a failed apply-lock request names the likely cause by status: it blamed the
/// token's rights for every failure, and suggested `--lock=false` for a throttled server.
final class LockFailureHintTests: XCTestCase {
    func testTheHintFollowsTheStatus() {
        XCTAssertEqual(
            ApplyLocking.lockFailureHint(status: 403),
            "the token needs write access to labels; --lock=false skips locking (only when no other apply can run)")
        XCTAssertEqual(ApplyLocking.lockFailureHint(status: 401), ApplyLocking.lockFailureHint(status: 403))
        XCTAssertEqual(
            ApplyLocking.lockFailureHint(status: 429), "the server is refusing requests for now (throttled or unavailable): run apply again in a few minutes")
        XCTAssertEqual(ApplyLocking.lockFailureHint(status: 503), ApplyLocking.lockFailureHint(status: 429))
        XCTAssertEqual(
            ApplyLocking.lockFailureHint(status: 500),
            "the server failed the request: run apply again in a few minutes; if it keeps failing, check the server's logs")
        XCTAssertEqual(
            ApplyLocking.lockFailureHint(status: nil), "check that the server answers and the token may write labels, then run apply again")
    }
}
