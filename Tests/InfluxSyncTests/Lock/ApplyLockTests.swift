import Foundation
import InfluxAPI
import TestSupport
import XCTest

@testable import InfluxSync

/// The apply lease against an in-memory label store that enforces InfluxDB's unique label
/// names (§10.1): exactly one taker, the holder named, expired leases taken over, renewal and
/// release requests exact.
final class ApplyLockTests: XCTestCase {
    let holderA = LeaseHolder(host: "runner-a", pid: 11, ciRunURL: "https://github.com/acme/tasks/actions/runs/7")
    let holderB = LeaseHolder(host: "runner-b", pid: 22, ciRunURL: nil)
    let t0 = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01T00:00:00Z

    func testExactlyOneTakerAndTheOtherIsToldWhoHoldsIt() async throws {
        let store = LabelStore()
        let now = t0
        let a = ApplyLock(client: store, ownerLabel: "influxsync", holder: holderA, now: { now }, nonce: "nonce-a")
        let b = ApplyLock(client: store, ownerLabel: "influxsync", holder: holderB, now: { now.addingTimeInterval(42) }, nonce: "nonce-b")
        try await a.acquire(orgID: "00000000000000aa", timeout: 0)
        do {
            try await b.acquire(orgID: "00000000000000aa", timeout: 0)
            XCTFail("the second lock must not be taken")
        } catch {
            guard case .held(let lease, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(
                lease.describe(now: now.addingTimeInterval(42)),
                "host runner-a, process 11 (https://github.com/acme/tasks/actions/runs/7), taken 2025-12-01T00:00:00Z (42s ago), expires 2025-12-01T00:05:00Z")
        }
        let label = try XCTUnwrap(store.labels.first)
        XCTAssertEqual(label.name, "influxsync.lock")
        XCTAssertEqual(
            label.properties,
            [
                "influxsync.role": "apply-lock", "influxsync.lockFor": "influxsync", "host": "runner-a", "pid": "11",
                "ci": "https://github.com/acme/tasks/actions/runs/7", "started": "2025-12-01T00:00:00Z", "expires": "2025-12-01T00:05:00Z",
                "color": "#DC4E58", "description": "influxsync apply in progress; removed when it ends (influxsync force-unlock removes a stale one)",
                "nonce": "nonce-a",
            ])
        await a.release()
        XCTAssertEqual(
            store.calls,
            [
                "POST influxsync.lock 201", "POST influxsync.lock 422", "GET labels", "DELETE \(label.id) 204",
            ])
        XCTAssertEqual(store.labels, [])
    }

    func testAnExpiredLeaseIsTakenOver() async throws {
        let store = LabelStore()
        let old = ApplyLock(client: store, ownerLabel: "influxsync", holder: holderA, now: { [t0] in t0 })
        try await old.acquire(orgID: "00000000000000aa", timeout: 0)
        let oldID = try XCTUnwrap(store.labels.first?.id)
        let later = t0.addingTimeInterval(301)
        let next = ApplyLock(client: store, ownerLabel: "influxsync", holder: holderB, now: { later })
        try await next.acquire(orgID: "00000000000000aa", timeout: 0)
        XCTAssertEqual(
            store.calls,
            [
                "POST influxsync.lock 201", "POST influxsync.lock 422", "GET labels", "DELETE \(oldID) 204", "POST influxsync.lock 201",
            ])
        XCTAssertEqual(store.labels.first?.properties["host"], "runner-b")
        // The old holder's release must not remove the new lease (it deletes by its own ID).
        await old.release()
        XCTAssertEqual(store.labels.count, 1)
        await next.release()
        XCTAssertEqual(store.labels, [])
    }

    func testWaitingEndsWhenTheHolderReleases() async throws {
        let store = LabelStore()
        let a = ApplyLock(client: store, ownerLabel: "influxsync", holder: holderA)
        try await a.acquire(orgID: "00000000000000aa", timeout: 0)
        let aID = try XCTUnwrap(store.labels.first?.id)
        let waiting = expectation(description: "b waits")
        let clock = ManualClock()
        let b = ApplyLock(client: store, ownerLabel: "influxsync", holder: holderB, clock: clock)
        let taken = Task { try await b.acquire(orgID: "00000000000000aa", timeout: 600) { _ in waiting.fulfill() } }
        await fulfillment(of: [waiting], timeout: 60)
        // b waits 0.25 s, tries again, then waits twice as long; a releases meanwhile.
        await clock.sleepers(atLeast: 1)
        clock.advance(by: .milliseconds(250))
        await clock.sleepers(atLeast: 2)
        await a.release()
        clock.advance(by: .milliseconds(500))
        try await taken.value
        XCTAssertEqual(store.labels.first?.properties["host"], "runner-b")
        let bID = try XCTUnwrap(store.labels.first?.id)
        XCTAssertEqual(
            store.calls,
            [
                "POST influxsync.lock 201", "POST influxsync.lock 422", "GET labels", "POST influxsync.lock 422", "GET labels",
                "DELETE \(aID) 204", "POST influxsync.lock 201",
            ])
        // The third sleep is b's first renewal interval (1 minute), started once b holds the lease.
        await clock.sleepers(atLeast: 3)
        XCTAssertEqual(clock.sleeps, [.milliseconds(250), .milliseconds(500), .seconds(60)])
        await b.release()
        XCTAssertEqual(store.calls.last, "DELETE \(bID) 204")
    }

    func testRenewalPushesTheExpiryForward() async throws {
        let store = LabelStore()
        let clock = ManualClock()
        let lock = ApplyLock(
            client: store, ownerLabel: "team", holder: holderA, timing: LeaseTiming(ttl: 300, renewInterval: 60),
            now: { [t0] in t0.addingTimeInterval(Double(clock.now.offset.components.seconds)) }, clock: clock)
        try await lock.acquire(orgID: "00000000000000aa", timeout: 0)
        let id = try XCTUnwrap(store.labels.first?.id)
        XCTAssertEqual(store.labels.first?.properties["expires"], "2025-12-01T00:05:00Z")
        // One renewal interval passes: the expiry moves to 5 minutes after the renewal.
        await clock.sleepers(atLeast: 1)
        clock.advance(by: .seconds(60))
        await clock.sleepers(atLeast: 2)
        XCTAssertEqual(store.labels.first?.properties["expires"], "2025-12-01T00:06:00Z")
        XCTAssertEqual(clock.sleeps, [.seconds(60), .seconds(60)])
        await lock.release()
        XCTAssertTrue(store.calls.contains("PATCH \(id) expires"), "\(store.calls)")
        XCTAssertEqual(store.calls.first, "POST team.lock 201")
        XCTAssertEqual(store.calls.last, "DELETE \(id) 204")
        XCTAssertEqual(store.calls, ["POST team.lock 201", "PATCH \(id) expires", "DELETE \(id) 204"])
        XCTAssertEqual(store.labels, [])
    }

    func testARenewalThatFindsTheLeaseGoneMarksItLostAndReleaseDeletesNothing() async throws {
        let store = LabelStore()
        let lock = ApplyLock(client: store, ownerLabel: "influxsync", holder: holderA, timing: LeaseTiming(renewInterval: 0))
        try await lock.acquire(orgID: "00000000000000aa", timeout: 0)
        let id = try XCTUnwrap(store.labels.first?.id)
        try await store.deleteLabel(id: id)  // force-unlock by someone else
        XCTAssertFalse(lock.lost.isSet)
        await lock.renew()
        XCTAssertTrue(lock.lost.isSet)
        let problems = await lock.renewalProblems
        XCTAssertEqual(problems, ["the apply lock influxsync.lock (\(id)) was removed while this apply ran (force-unlock, or taken over after it expired)"])
        await lock.release()
        XCTAssertEqual(store.calls, ["POST influxsync.lock 201", "DELETE \(id) 204", "PATCH \(id) 404"])
    }

    func testAPlainLabelWithTheReservedNameIsNotTouched() async {
        let store = LabelStore()
        store.labels = [InfluxLabel(id: "0000000000000009", orgID: "00000000000000aa", name: "InfluxSync.Lock")]
        let lock = ApplyLock(client: store, ownerLabel: "influxsync", holder: holderA)
        do {
            try await lock.acquire(orgID: "00000000000000aa", timeout: 0)
            XCTFail("must not be taken")
        } catch {
            guard case .nameTaken(let label) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(label.id, "0000000000000009")
        }
        XCTAssertEqual(store.calls, ["POST influxsync.lock 422", "GET labels"])
    }

    func testLockTimeoutDurations() {
        XCTAssertEqual(LeaseTiming.seconds(parsing: "0"), 0)
        XCTAssertEqual(LeaseTiming.seconds(parsing: "90s"), 90)
        XCTAssertEqual(LeaseTiming.seconds(parsing: "1h30m"), 5400)
        XCTAssertNil(LeaseTiming.seconds(parsing: "-5m"))
        XCTAssertNil(LeaseTiming.seconds(parsing: "1mo"))
        XCTAssertNil(LeaseTiming.seconds(parsing: "soon"))
    }
}

/// Labels of one org with InfluxDB's uniqueness rule; records `POST name status`, `GET labels`,
/// `PATCH id keys`, `DELETE id status`.
final class LabelStore: UnusedCallsClient, @unchecked Sendable {
    /// A failure the next matching call meets (`inject(_:on:)`).
    enum Fault {
        /// The call is carried out, but its answer is lost (no status): recorded `… lost`.
        case lostAnswer
        /// The server fails the call without carrying it out: recorded `… 500`.
        case serverError
        /// The call is carried out and answered 201, but the body cannot be read (a proxy cut
        /// it): recorded `… 201 unreadable`.
        case damagedAnswer
    }

    private let lock = NSLock()
    private var _labels: [InfluxLabel] = []
    private var _calls: [String] = []
    private var next = 0x100
    private var faults: [String: [Fault]] = [:]
    /// What `hasOverdueRequest` answers.
    var overdue = false

    var hasOverdueRequest: Bool { lock.withLock { overdue } }

    /// Makes the next call with `method` (`POST`, `GET`, `PATCH`, `DELETE`) meet `fault`;
    /// faults queue up per method.
    func inject(_ fault: Fault, on method: String) {
        lock.withLock { faults[method, default: []].append(fault) }
    }

    /// The next queued fault of `method`, consumed (call with the lock held).
    private func takeFault(_ method: String) -> Fault? {
        guard var queue = faults[method], !queue.isEmpty else { return nil }
        let fault = queue.removeFirst()
        faults[method] = queue
        return fault
    }

    private static func lostAnswer(_ method: String, _ path: String) -> InfluxAPIError {
        InfluxAPIError(method: method, path: path, status: nil, code: nil, message: "the connection closed before answering")
    }

    private static func serverError(_ method: String, _ path: String) -> InfluxAPIError {
        InfluxAPIError(method: method, path: path, status: 500, code: "internal error", message: "injected")
    }

    var labels: [InfluxLabel] {
        get { lock.withLock { _labels } }
        set { lock.withLock { _labels = newValue } }
    }
    var calls: [String] { lock.withLock { _calls } }

    func createLabel(_ r: LabelCreateRequest) async throws -> InfluxLabel {
        try lock.withLock {
            let fault = takeFault("POST")
            if fault == .serverError {
                _calls.append("POST \(r.name) 500")
                throw Self.serverError("POST", "/api/v2/labels")
            }
            let identity = Ownership.labelIdentity(r.name)
            if _labels.contains(where: { Ownership.labelIdentity($0.name) == identity }) {
                _calls.append("POST \(r.name) 422")
                throw InfluxAPIError(method: "POST", path: "/api/v2/labels", status: 422, code: "conflict", message: "label with name \(r.name) already exists")
            }
            next += 1
            let label = InfluxLabel(id: String(format: "%016x", next), orgID: r.orgID, name: r.name, properties: r.properties)
            _labels.append(label)
            if fault == .lostAnswer {
                _calls.append("POST \(r.name) lost")
                throw Self.lostAnswer("POST", "/api/v2/labels")
            }
            if fault == .damagedAnswer {
                _calls.append("POST \(r.name) 201 unreadable")
                throw InfluxAPIError(method: "POST", path: "/api/v2/labels", status: 201, code: nil, message: "unexpected response body: not JSON")
            }
            _calls.append("POST \(r.name) 201")
            return label
        }
    }
    func listLabels(orgID: String) async throws -> [InfluxLabel] {
        try lock.withLock {
            if takeFault("GET") != nil {
                _calls.append("GET labels 500")
                throw Self.serverError("GET", "/api/v2/labels")
            }
            _calls.append("GET labels")
            return _labels
        }
    }
    func updateLabel(id: String, _ r: LabelUpdateRequest) async throws -> InfluxLabel {
        try lock.withLock {
            guard let index = _labels.firstIndex(where: { $0.id == id }) else {
                _calls.append("PATCH \(id) 404")
                throw InfluxAPIError(method: "PATCH", path: "/api/v2/labels/\(id)", status: 404, code: "not found", message: "label not found")
            }
            for (k, v) in r.properties ?? [:] { _labels[index].properties[k] = v }
            _calls.append("PATCH \(id) \((r.properties ?? [:]).keys.sorted().joined(separator: ","))")
            return _labels[index]
        }
    }
    func deleteLabel(id: String) async throws {
        try lock.withLock {
            let fault = takeFault("DELETE")
            if fault == .serverError {
                _calls.append("DELETE \(id) 500")
                throw Self.serverError("DELETE", "/api/v2/labels/\(id)")
            }
            guard let index = _labels.firstIndex(where: { $0.id == id }) else {
                _calls.append("DELETE \(id) 404")
                throw InfluxAPIError(method: "DELETE", path: "/api/v2/labels/\(id)", status: 404, code: "not found", message: "label not found")
            }
            _labels.remove(at: index)
            if fault == .lostAnswer {
                _calls.append("DELETE \(id) lost")
                throw Self.lostAnswer("DELETE", "/api/v2/labels/\(id)")
            }
            _calls.append("DELETE \(id) 204")
        }
    }
}
