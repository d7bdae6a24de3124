import InfluxHTTPClient
import XCTest

/// `AdaptiveConcurrencyLimit` fed synthetic answers (latencies in milliseconds, throttles,
/// failures): the exact limit it chooses after each, no clock, no sleep.
final class AdaptiveConcurrencyLimitTests: XCTestCase {
    /// Feeds `count` answers of `milliseconds`, each sent with `inFlight` in flight under the
    /// current generation; returns the limit afterwards.
    @discardableResult
    private func answer(_ limit: inout AdaptiveConcurrencyLimit, _ count: Int, ms milliseconds: Double, inFlight: Int? = nil) -> Int {
        for _ in 0..<count {
            let ticket = limit.ticket(inFlight: inFlight ?? limit.limit)
            limit.record(.answered(milliseconds: milliseconds), ticket: ticket)
        }
        return limit.limit
    }

    func testStartsAtFourAndDoublesPerCleanWindowUpToSixtyFour() {
        var limit = AdaptiveConcurrencyLimit()
        XCTAssertEqual(limit.limit, 4)
        var chosen: [Int] = []
        for _ in 0..<6 { chosen.append(answer(&limit, limit.limit, ms: 20)) }
        XCTAssertEqual(chosen, [8, 16, 32, 64, 64, 64])
        XCTAssertEqual(limit.baselineMilliseconds, 20)
        XCTAssertEqual(limit.generation, 0)
    }

    func testAWindowThatIsNotFullYetKeepsTheLimit() {
        var limit = AdaptiveConcurrencyLimit()
        XCTAssertEqual(answer(&limit, 3, ms: 20), 4)
        XCTAssertEqual(answer(&limit, 1, ms: 20), 8)
    }

    func testAThrottleHalvesOnceAndGrowthIsThenOneAtATime() {
        var limit = AdaptiveConcurrencyLimit()
        answer(&limit, 4, ms: 20)
        answer(&limit, 8, ms: 20)
        XCTAssertEqual(limit.limit, 16)
        // Sixteen in flight when the server starts refusing: every one of them is refused.
        let before = (0..<16).map { _ in limit.ticket(inFlight: 16) }
        var chosen: [Int] = []
        for ticket in before { chosen.append(limit.record(.throttled, ticket: ticket)) }
        XCTAssertEqual(chosen, Array(repeating: 8, count: 16), "the refusals of one generation count once")
        XCTAssertEqual(limit.threshold, 8)
        XCTAssertEqual(limit.generation, 1)
        // Clean windows afterwards: +1 each (congestion avoidance), not doubling.
        XCTAssertEqual(answer(&limit, 8, ms: 20), 9)
        XCTAssertEqual(answer(&limit, 9, ms: 20), 10)
        XCTAssertEqual(answer(&limit, 10, ms: 20), 11)
        // A throttle of a request sent now halves again.
        XCTAssertEqual(limit.record(.throttled, ticket: limit.ticket(inFlight: 11)), 5)
        XCTAssertEqual(limit.threshold, 5)
    }

    func testAnswersOfRequestsSentBeforeADecreaseAreNotCounted() {
        var limit = AdaptiveConcurrencyLimit()
        let old = limit.ticket(inFlight: 4)
        limit.record(.throttled, ticket: limit.ticket(inFlight: 4))
        XCTAssertEqual(limit.limit, 2)
        limit.record(.answered(milliseconds: 20), ticket: old)
        limit.record(.answered(milliseconds: 20), ticket: old)
        XCTAssertEqual(limit.limit, 2, "two answers sent at limit 4 are not a window at limit 2")
        XCTAssertNil(limit.baselineMilliseconds)
        XCTAssertEqual(answer(&limit, 2, ms: 20), 3)
    }

    func testNeverBelowOne() {
        var limit = AdaptiveConcurrencyLimit()
        var chosen: [Int] = []
        for _ in 0..<4 { chosen.append(limit.record(.throttled, ticket: limit.ticket(inFlight: 1))) }
        XCTAssertEqual(chosen, [2, 1, 1, 1])
        XCTAssertEqual(answer(&limit, 1, ms: 20), 2)
    }

    func testRisingLatencyCutsTheLimitToThreeQuarters() {
        var limit = AdaptiveConcurrencyLimit()
        answer(&limit, 4, ms: 20)
        XCTAssertEqual(limit.limit, 8)
        // Mean 50 ms against a 20 ms baseline: more than twice and more than 5 ms above it.
        XCTAssertEqual(answer(&limit, 8, ms: 50), 6)
        XCTAssertEqual(limit.threshold, 6)
        XCTAssertEqual(limit.generation, 1)
        XCTAssertEqual(answer(&limit, 6, ms: 20), 7)
        // 39 ms: under twice the baseline, so not queuing.
        XCTAssertEqual(answer(&limit, 7, ms: 39), 8)
    }

    /// A latency that rises for good (1 ms → 210 ms: a busier server, not our queue) is cut
    /// for at most eight windows, then becomes the baseline and the limit grows again; it used
    /// to stay at 1 for the rest of the run.
    func testABaselineThatNoAnswerComesNearAgesOutAfterEightWindows() {
        var limit = AdaptiveConcurrencyLimit()
        answer(&limit, 4, ms: 1)
        answer(&limit, 8, ms: 1)
        XCTAssertEqual(limit.limit, 16)
        var chosen: [Int] = []
        for _ in 0..<8 { chosen.append(answer(&limit, limit.limit, ms: 210)) }
        // Cut while 210 ms may be our own queue; the eighth window away makes it the baseline.
        XCTAssertEqual(chosen, [12, 9, 6, 4, 3, 2, 1, 1])
        XCTAssertEqual(limit.baselineMilliseconds, 210)
        chosen = []
        for _ in 0..<3 { chosen.append(answer(&limit, limit.limit, ms: 215)) }
        XCTAssertEqual(chosen, [2, 3, 4], "growing again, one at a time above the threshold")
        // A window near the baseline keeps it: one fast answer among slow ones is enough.
        var steady = AdaptiveConcurrencyLimit()
        answer(&steady, 4, ms: 10)
        for _ in 0..<12 {
            for index in 0..<steady.limit { answer(&steady, 1, ms: index == 0 ? 12 : 60) }
        }
        XCTAssertEqual(steady.baselineMilliseconds, 10)
    }

    func testSubMillisecondJitterIsNotTakenForQueuing() {
        var limit = AdaptiveConcurrencyLimit()
        answer(&limit, 4, ms: 0.2)
        // 4.5× the baseline, but only 0.7 ms above it.
        XCTAssertEqual(answer(&limit, 8, ms: 0.9), 16)
        // 25 ms above it: queuing.
        XCTAssertEqual(answer(&limit, 16, ms: 25.2), 12)
    }

    func testAWindowThatNeverReachedTheLimitDoesNotGrowIt() {
        var limit = AdaptiveConcurrencyLimit()
        XCTAssertEqual(answer(&limit, 4, ms: 20, inFlight: 3), 4)
        XCTAssertEqual(answer(&limit, 4, ms: 20, inFlight: 4), 8)
    }

    func testFailuresAreNoSignal() {
        var limit = AdaptiveConcurrencyLimit()
        for _ in 0..<10 { limit.record(.failed, ticket: limit.ticket(inFlight: 4)) }
        XCTAssertEqual(limit.limit, 4)
        XCTAssertEqual(limit.generation, 0)
        XCTAssertEqual(answer(&limit, 4, ms: 20), 8)
    }

    func testTheGateLetsTheLimitThroughAndWakesWaitersInOrderAsItChanges() async {
        let gate = ConcurrencyGate()
        var tickets: [AdaptiveConcurrencyLimit.Ticket] = []
        for _ in 0..<4 { tickets.append(await gate.enter()) }
        XCTAssertEqual(tickets.map(\.inFlight), [1, 2, 3, 4])
        XCTAssertEqual(gate.inFlight, 4)
        let fifth = Task { await gate.enter() }
        while gate.waiting == 0 { await Task.yield() }
        // A throttle halves the limit to 2: with 3 still in flight the fifth keeps waiting.
        gate.leave(tickets[0], outcome: .throttled)
        XCTAssertEqual(gate.limit, 2)
        XCTAssertEqual(gate.inFlight, 3)
        XCTAssertEqual(gate.waiting, 1)
        gate.leave(tickets[1], outcome: .answered(milliseconds: 20))
        XCTAssertEqual(gate.waiting, 1)
        gate.leave(tickets[2], outcome: .failed)
        XCTAssertEqual(gate.waiting, 0)
        XCTAssertEqual(gate.inFlight, 2)
        let admitted = await fifth.value
        XCTAssertEqual(admitted.generation, 1)
        XCTAssertEqual(gate.limit, 2, "answers sent before the decrease do not grow it")
    }

    /// A request sent again after a throttle waits ahead of first attempts (behind earlier
    /// retries only): behind a queue of first attempts that spend the server's allowance again
    /// it was throttled until its retries ran out (`--parallelism auto` under a 5/s limit).
    func testARetryWaitsAheadOfFirstAttempts() async {
        let gate = ConcurrencyGate()
        var tickets: [AdaptiveConcurrencyLimit.Ticket] = []
        for _ in 0..<4 { tickets.append(await gate.enter()) }
        let order = Order()
        func queue(_ name: String, retrying: Bool) async -> Task<Void, Never> {
            let before = gate.waiting
            let task = Task {
                _ = await gate.enter(retrying: retrying)
                await order.append(name)
            }
            while gate.waiting == before { await Task.yield() }
            return task
        }
        let first = await queue("first attempt A", retrying: false)
        let second = await queue("first attempt B", retrying: false)
        let retryOne = await queue("retry 1", retrying: true)
        let retryTwo = await queue("retry 2", retrying: true)
        // One leaves at a time (no signal, so the limit stays 4): each lets one waiter through.
        for (index, ticket) in tickets.enumerated() {
            gate.leave(ticket, outcome: .failed)
            while await order.names.count <= index { await Task.yield() }
        }
        for task in [first, second, retryOne, retryTwo] { await task.value }
        let admitted = await order.names
        XCTAssertEqual(admitted, ["retry 1", "retry 2", "first attempt A", "first attempt B"])
    }

    private actor Order {
        var names: [String] = []
        func append(_ name: String) { names.append(name) }
    }
}
