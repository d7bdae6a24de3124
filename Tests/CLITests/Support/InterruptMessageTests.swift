import XCTest

@testable import influxsync

/// The one message a signal's ending prints: what was sent (nothing before the writes; what the
/// report lists during them; all of it after them) and what became of the lock (released, never
/// held, or left with the command that removes it). It said "requests already sent stay
/// applied" before any write, and "never held it" during a `--run-after` wait.
final class InterruptMessageTests: XCTestCase {
    func testTheMessageSaysWhatWasSentAndWhatHappenedToTheLock() {
        let command = "influxsync force-unlock"
        XCTAssertEqual(
            InterruptGate.message(name: "SIGTERM", phase: .writing, problem: nil, forceUnlockCommand: command),
            "error: interrupted by SIGTERM; the apply lock was released. Requests already sent stay applied; run apply again to converge.")
        XCTAssertEqual(
            InterruptGate.message(name: "SIGTERM", phase: .beforeWrites, problem: nil, forceUnlockCommand: command),
            "error: interrupted by SIGTERM; the apply lock was released. No change was sent.")
        XCTAssertEqual(
            InterruptGate.message(name: "SIGTERM", phase: .beforeWrites, problem: nil, forceUnlockCommand: command, tookLock: false),
            "error: interrupted by SIGTERM while waiting for the apply lock; this apply never held it and sent no change.")
        XCTAssertEqual(
            InterruptGate.message(name: "SIGINT", phase: .writing, problem: "the lock could not be removed", forceUnlockCommand: command),
            "error: interrupted by SIGINT; the lock could not be removed. Requests already sent stay applied; run apply again to converge.\n  hint: the next apply waits for this lock until it expires (5 minutes); remove it now with: influxsync force-unlock"
        )
        XCTAssertEqual(
            InterruptGate.message(name: "SIGINT", phase: .afterWrites, problem: nil, forceUnlockCommand: command, tookLock: false),
            "error: interrupted by SIGINT after the apply finished: its changes, reported above, stand.")
        let steps = InterruptGate.NextSteps(
            converge: "make and review a new plan, then apply it: influxsync plan . --out plan.json",
            check: "Make and review a new plan before applying again: influxsync plan . --out plan.json")
        XCTAssertEqual(
            InterruptGate.message(name: "SIGTERM", phase: .writing, problem: nil, forceUnlockCommand: command, nextSteps: steps),
            "error: interrupted by SIGTERM; the apply lock was released. Requests already sent stay applied; make and review a new plan, then apply it: influxsync plan . --out plan.json"
        )
        XCTAssertEqual(
            InterruptGate.message(name: "SIGINT", phase: .writing, problem: nil, forceUnlockCommand: command, stoppedAtOnce: true, nextSteps: steps),
            "error: interrupted by SIGINT; the apply lock was released. Interrupted again, it stopped without waiting for the requests on their way: they may still be carried out. Make and review a new plan before applying again: influxsync plan . --out plan.json"
        )
        XCTAssertEqual(
            InterruptGate.message(name: "SIGTERM", phase: .writing, problem: nil, forceUnlockCommand: command, stoppedAtOnce: true, waitedSeconds: 8),
            "error: interrupted by SIGTERM; the apply lock was released. The requests in flight had no answer after 8 s, so it stopped without waiting for them: they may still be carried out. Run plan before applying again."
        )
        XCTAssertEqual(
            InterruptGate.message(name: "SIGINT", phase: .writing, problem: nil, forceUnlockCommand: command, stoppedAtOnce: true),
            "error: interrupted by SIGINT; the apply lock was released. Interrupted again, it stopped without waiting for the requests on their way: they may still be carried out. Run plan before applying again."
        )
        XCTAssertEqual(
            InterruptGate.message(name: "SIGHUP", phase: .writing, problem: nil, forceUnlockCommand: command, locking: false, tookLock: false),
            "error: interrupted by SIGHUP. Requests already sent stay applied; run apply again to converge.")
        XCTAssertEqual(
            InterruptGate.message(name: "SIGTERM", phase: .beforeWrites, problem: nil, forceUnlockCommand: command, locking: false, tookLock: false),
            "error: interrupted by SIGTERM. No change was sent.")
    }
}
