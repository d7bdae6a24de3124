import Foundation
import InfluxAPI
import TestSupport
import XCTest

@testable import InfluxSync

/// The apply lock is exactly as safe as the writes (issue 18 item 2): a lost or failed answer on
/// the lock's own requests never leaves a lease behind, a lease whose process is gone or that
/// has no expiry is handled, and release runs once.
final class ApplyLockFaultTests: XCTestCase {
    let holder = LeaseHolder(host: "runner-a", pid: 11, ciRunURL: nil)
    let org = "00000000000000aa"
    /// The default backoff (0.25 s doubled up to 5 s), no renewal.
    let timing = LeaseTiming(renewInterval: 0)
    /// What the lock's waits sleep on: they return at once and are recorded.
    let clock = RecordingClock()
    let t0 = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01T00:00:00Z

    private func lease(host: String, pid: Int32, started: String?, expires: String?) -> InfluxLabel {
        var p = ApplyLease.properties(
            ownerLabel: "influxsync", holder: LeaseHolder(host: host, pid: pid, ciRunURL: nil),
            started: t0, expires: t0, nonce: "theirs")
        p["started"] = started
        p["expires"] = expires
        return InfluxLabel(id: "0000000000000001", orgID: org, name: "influxsync.lock", properties: p)
    }

    /// The create was carried out but its answer was lost, or came as a 201 whose body a proxy
    /// cut or emptied (that one was reported as a failure and the lease left behind for five
    /// minutes): the lease is read back by its nonce, held, and released.
    func testALostOrUnreadableAnswerToTheCreateIsSettledByReadingTheNonceBack() async throws {
        for (fault, recorded) in [(LabelStore.Fault.lostAnswer, "lost"), (.damagedAnswer, "201 unreadable")] {
            let store = LabelStore()
            store.inject(fault, on: "POST")
            let lock = ApplyLock(client: store, ownerLabel: "influxsync", holder: holder, timing: timing, clock: clock, nonce: "ours")
            try await lock.acquire(orgID: org, timeout: 0)
            let id = try XCTUnwrap(store.labels.first?.id)
            let held = await lock.heldLeaseID
            XCTAssertEqual(held, id, recorded)
            await lock.release()
            XCTAssertEqual(store.calls, ["POST influxsync.lock \(recorded)", "GET labels", "DELETE \(id) 204"])
            XCTAssertEqual(store.labels, [], recorded)
        }
    }

    func testACreateThatFailedWithoutBeingStoredIsSentAgain() async throws {
        let store = LabelStore()
        store.inject(.serverError, on: "POST")
        let lock = ApplyLock(client: store, ownerLabel: "influxsync", holder: holder, timing: timing, clock: clock, nonce: "ours")
        try await lock.acquire(orgID: org, timeout: 0)
        let id = try XCTUnwrap(store.labels.first?.id)
        await lock.release()
        XCTAssertEqual(store.calls, ["POST influxsync.lock 500", "GET labels", "POST influxsync.lock 201", "DELETE \(id) 204"])
    }

    func testWhenTheReadBackFailsTooReleaseStillFindsAndRemovesTheLease() async throws {
        let store = LabelStore()
        store.inject(.lostAnswer, on: "POST")
        store.inject(.serverError, on: "GET")
        let lock = ApplyLock(client: store, ownerLabel: "influxsync", holder: holder, timing: timing, clock: clock, nonce: "ours")
        do {
            try await lock.acquire(orgID: org, timeout: 0)
            XCTFail("the read-back failed: acquire must fail")
        } catch {
            guard case .api(let api) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(api.status, 500)
        }
        let id = try XCTUnwrap(store.labels.first?.id)
        let problem = await lock.release()
        XCTAssertNil(problem)
        XCTAssertEqual(store.calls, ["POST influxsync.lock lost", "GET labels 500", "GET labels", "DELETE \(id) 204"])
        XCTAssertEqual(store.labels, [])
    }

    func testAFailedReleaseIsRetriedAndA404CountsAsReleased() async throws {
        let store = LabelStore()
        let lock = ApplyLock(client: store, ownerLabel: "influxsync", holder: holder, timing: timing, clock: clock, nonce: "ours")
        try await lock.acquire(orgID: org, timeout: 0)
        let id = try XCTUnwrap(store.labels.first?.id)
        store.inject(.serverError, on: "DELETE")
        store.inject(.lostAnswer, on: "DELETE")
        let problem = await lock.release()
        XCTAssertNil(problem)
        XCTAssertEqual(store.calls, ["POST influxsync.lock 201", "DELETE \(id) 500", "DELETE \(id) lost", "DELETE \(id) 404"])
        XCTAssertEqual(clock.sleeps, [.milliseconds(250), .milliseconds(500)])
        XCTAssertEqual(store.labels, [])
    }

    func testAReleaseThatKeepsFailingSaysSoAfterFourAttempts() async throws {
        let store = LabelStore()
        let lock = ApplyLock(client: store, ownerLabel: "influxsync", holder: holder, timing: timing, clock: clock, nonce: "ours")
        try await lock.acquire(orgID: org, timeout: 0)
        let id = try XCTUnwrap(store.labels.first?.id)
        for _ in 0..<4 { store.inject(.serverError, on: "DELETE") }
        let problem = await lock.release()
        XCTAssertEqual(problem, "could not remove the apply lock label influxsync.lock (\(id)): DELETE /api/v2/labels/\(id): 500 internal error: injected")
        XCTAssertEqual(store.calls, ["POST influxsync.lock 201"] + Array(repeating: "DELETE \(id) 500", count: 4))
        XCTAssertEqual(clock.sleeps, [.milliseconds(250), .milliseconds(500), .seconds(1)])
    }

    func testConcurrentReleasesSendOneDeleteAndAgreeOnTheOutcome() async throws {
        let store = LabelStore()
        let lock = ApplyLock(client: store, ownerLabel: "influxsync", holder: holder, timing: timing, clock: clock, nonce: "ours")
        try await lock.acquire(orgID: org, timeout: 0)
        XCTAssertNotNil(store.labels.first?.id, "the lock label exists before the releases")
        for _ in 0..<4 { store.inject(.serverError, on: "DELETE") }
        async let first = lock.release()
        async let second = lock.release()
        let outcomes = await [first, second]
        let third = await lock.release()
        XCTAssertEqual(Set(outcomes + [third]).count, 1, "every caller sees the same outcome: \(outcomes) \(String(describing: third))")
        XCTAssertNotNil(third)
        XCTAssertEqual(store.calls.filter { $0.hasPrefix("DELETE") }.count, 4)
        XCTAssertEqual(clock.sleeps, [.milliseconds(250), .milliseconds(500), .seconds(1)], "one release's waits")
    }

    func testALeaseOfAProcessGoneFromThisHostIsTakenOverAtOnceWithALockTimeout() async throws {
        let store = LabelStore()
        store.labels = [lease(host: "runner-a", pid: 4242, started: "2025-12-01T00:00:00Z", expires: "2025-12-01T00:05:00Z")]
        let lock = ApplyLock(
            client: store, ownerLabel: "influxsync", holder: holder, timing: timing, now: { [t0] in t0.addingTimeInterval(10) },
            clock: clock, nonce: "ours", isRunning: { $0 != 4242 })
        try await lock.acquire(orgID: org, timeout: 30)
        XCTAssertEqual(store.calls, ["POST influxsync.lock 422", "GET labels", "DELETE 0000000000000001 204", "POST influxsync.lock 201"])
        XCTAssertEqual(store.labels.first?.properties["nonce"], "ours")
    }

    func testWithoutALockTimeoutTheGoneHolderIsReportedNotTakenOver() async throws {
        let store = LabelStore()
        store.labels = [lease(host: "runner-a", pid: 4242, started: "2025-12-01T00:00:00Z", expires: "2025-12-01T00:05:00Z")]
        let lock = ApplyLock(
            client: store, ownerLabel: "influxsync", holder: holder, timing: timing, now: { [t0] in t0.addingTimeInterval(10) },
            clock: clock, nonce: "ours", isRunning: { $0 != 4242 })
        do {
            try await lock.acquire(orgID: org, timeout: 0)
            XCTFail("must not be taken")
        } catch {
            guard case .held(let lease, let gone) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(gone)
            XCTAssertEqual(lease.id, "0000000000000001")
        }
        // The same process ID on another host says nothing about this one.
        store.labels = [lease(host: "runner-b", pid: 4242, started: "2025-12-01T00:00:00Z", expires: "2025-12-01T00:05:00Z")]
        do {
            try await lock.acquire(orgID: org, timeout: 0)
            XCTFail("must not be taken")
        } catch {
            guard case .held(_, let gone) = error else { return XCTFail("\(error)") }
            XCTAssertFalse(gone)
        }
    }

    /// Two containers with one host name (host networking) have separate process tables: a
    /// process ID of the other one says nothing here. It used to be taken for a gone holder and
    /// the live lock taken over (two applies at once, duplicate tasks).
    func testAProcessIDCountsOnlyInTheProcessSpaceItCameFrom() {
        let here = LeaseHolder(host: "runner-a", pid: 11, ciRunURL: nil, processSpace: "boot-1/pid:[4026531836]")
        let notRunning: (Int32) -> Bool = { _ in false }
        let sameSpace = LeaseHolder(host: "runner-a", pid: 4242, ciRunURL: nil, processSpace: "boot-1/pid:[4026531836]")
        XCTAssertTrue(sameSpace.isGone(from: here, isRunning: notRunning))
        let otherContainer = LeaseHolder(host: "runner-a", pid: 4242, ciRunURL: nil, processSpace: "boot-1/pid:[4026532999]")
        XCTAssertFalse(otherContainer.isGone(from: here, isRunning: notRunning))
        let beforeReboot = LeaseHolder(host: "runner-a", pid: 4242, ciRunURL: nil, processSpace: "boot-0/pid:[4026531836]")
        XCTAssertFalse(beforeReboot.isGone(from: here, isRunning: notRunning))
        let olderVersion = LeaseHolder(host: "runner-a", pid: 4242, ciRunURL: nil)
        XCTAssertFalse(olderVersion.isGone(from: here, isRunning: notRunning))
        // Off Linux neither side knows one: host and process ID decide, as before.
        XCTAssertTrue(olderVersion.isGone(from: LeaseHolder(host: "runner-a", pid: 11, ciRunURL: nil), isRunning: notRunning))

        // The property round-trips through the label.
        let label = InfluxLabel(
            id: "0000000000000001", orgID: org, name: "influxsync.lock",
            properties: ApplyLease.properties(ownerLabel: "influxsync", holder: otherContainer, started: t0, expires: t0))
        XCTAssertEqual(ApplyLease(label: label)?.holder, otherContainer)
        XCTAssertNotNil(LeaseHolder.currentProcessSpace, "this machine is Linux")
    }

    /// A lease written (taken or renewed) in the last 90 s is fresh; an older one, one without
    /// `expires`, or one expiring past a lease length plus a minute (not a renewal's) is not.
    func testALeaseIsFreshForARenewalIntervalAfterItWasWritten() {
        func lease(expiresIn seconds: TimeInterval?) -> ApplyLease {
            ApplyLease(
                id: "0000000000000001", name: "influxsync.lock", holder: holder, started: t0,
                expires: seconds.map { t0.addingTimeInterval($0) })
        }
        XCTAssertEqual([300, 211, 209, 120, 360, 361].map { lease(expiresIn: $0).isFresh(at: t0) }, [true, true, false, false, true, false])
        XCTAssertFalse(lease(expiresIn: nil).isFresh(at: t0))
    }

    /// A zombie (ended, not reaped: a container without an init) is not a running apply.
    func testAZombieIsNotRunning() {
        XCTAssertTrue(LeaseHolder.isZombie(statLine: "4242 (influxsync) Z 1 4242 4242 0 -1 4227332"))
        XCTAssertTrue(LeaseHolder.isZombie(statLine: "4242 (a) b) Z 1"), "the command name may hold ') '")
        XCTAssertFalse(LeaseHolder.isZombie(statLine: "4242 (influxsync) S 1 4242"))
        XCTAssertFalse(LeaseHolder.isZombie(statLine: nil))
        XCTAssertTrue(LeaseHolder.processIsRunning(getpid()))
    }

    func testALeaseWithoutExpiresLapsesOneLeaseLengthAfterItsStart() async throws {
        let store = LabelStore()
        store.labels = [lease(host: "runner-b", pid: 7, started: "2025-12-01T00:00:00Z", expires: nil)]
        let early = ApplyLock(client: store, ownerLabel: "influxsync", holder: holder, timing: timing, now: { [t0] in t0.addingTimeInterval(299) }, clock: clock, nonce: "ours")
        do {
            try await early.acquire(orgID: org, timeout: 0)
            XCTFail("not lapsed yet")
        } catch {
            guard case .held(let lease, false) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(
                lease.describe(now: t0.addingTimeInterval(299)),
                "host runner-b, process 7, taken 2025-12-01T00:00:00Z (4m59s ago), no expiry recorded (lapses at 2025-12-01T00:05:00Z)")
        }
        let late = ApplyLock(client: store, ownerLabel: "influxsync", holder: holder, timing: timing, now: { [t0] in t0.addingTimeInterval(301) }, clock: clock, nonce: "ours")
        try await late.acquire(orgID: org, timeout: 0)
        XCTAssertEqual(store.labels.first?.properties["nonce"], "ours")
    }

    func testALeaseWithNoReadableTimeIsReportedAsBroken() async throws {
        let store = LabelStore()
        store.labels = [lease(host: "runner-b", pid: 7, started: "yesterday", expires: nil)]
        let lock = ApplyLock(client: store, ownerLabel: "influxsync", holder: holder, timing: timing, clock: clock, nonce: "ours")
        do {
            try await lock.acquire(orgID: org, timeout: 600)
            XCTFail("a broken lease is not taken")
        } catch {
            guard case .broken(let lease) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(lease.isBroken)
        }
        XCTAssertEqual(store.calls, ["POST influxsync.lock 422", "GET labels"])
    }

    func testTheLeaseIsNotRenewedWhileARequestIsPastItsDeadline() async throws {
        let store = LabelStore()
        let lock = ApplyLock(client: store, ownerLabel: "influxsync", holder: holder, timing: timing, clock: clock, nonce: "ours")
        try await lock.acquire(orgID: org, timeout: 0)
        let id = try XCTUnwrap(store.labels.first?.id)
        store.overdue = true
        await lock.renew()
        store.overdue = false
        await lock.renew()
        let problems = await lock.renewalProblems
        XCTAssertEqual(problems, ["the apply lock influxsync.lock (\(id)) was not renewed while a request was past its deadline"])
        XCTAssertEqual(store.calls, ["POST influxsync.lock 201", "PATCH \(id) expires"])
        await lock.release()
    }
}
