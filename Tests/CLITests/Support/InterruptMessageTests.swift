import XCTest

@testable import influxsync

/// The one message a signal's ending prints: a lock released, a lock left (with the command that
/// removes it), or, interrupted while waiting for another apply's lock, that this apply never
/// held it (it claimed to have released a lock it never had).
final class InterruptMessageTests: XCTestCase {
    func testTheMessageSaysWhatHappenedToTheLock() {
        XCTAssertEqual(
            InterruptGate.message(name: "SIGTERM", problem: nil, forceUnlockCommand: "influxsync force-unlock"),
            "error: interrupted by SIGTERM; the apply lock was released. Requests already sent stay applied; run apply again to converge.")
        XCTAssertEqual(
            InterruptGate.message(name: "SIGTERM", problem: nil, forceUnlockCommand: "influxsync force-unlock", held: false),
            "error: interrupted by SIGTERM while waiting for the apply lock; this apply never held it and sent no change.")
        XCTAssertEqual(
            InterruptGate.message(name: "SIGINT", problem: "the lock could not be removed", forceUnlockCommand: "influxsync force-unlock"),
            "error: interrupted by SIGINT; the lock could not be removed. Requests already sent stay applied.\n  hint: the next apply waits for this lock until it expires (5 minutes); remove it now with: influxsync force-unlock"
        )
    }
}
