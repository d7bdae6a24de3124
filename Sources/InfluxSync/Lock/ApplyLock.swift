import Flux
import Foundation
import InfluxAPI

/// How long a lease lasts and how it is waited for.
public struct LeaseTiming: Hashable, Sendable {
    /// How long a lease is valid after it is taken or renewed (default 5 minutes).
    public var ttl: TimeInterval
    /// How often a held lease is renewed (default 1 minute; a third of `ttl` or less keeps
    /// it alive through two failed renewals).
    public var renewInterval: TimeInterval
    /// First wait between attempts while another apply holds the lease (default 0.25 s);
    /// doubled after each attempt up to `maxBackoff`.
    public var initialBackoff: TimeInterval
    /// Longest wait between attempts (default 5 s).
    public var maxBackoff: TimeInterval

    /// Creates timings; the defaults are those of `apply`.
    public init(ttl: TimeInterval = 300, renewInterval: TimeInterval = 60, initialBackoff: TimeInterval = 0.25, maxBackoff: TimeInterval = 5) {
        self.ttl = ttl
        self.renewInterval = renewInterval
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// Seconds in a duration written as a Flux literal (`30s`, `5m`, `1h30m`; `0` is zero);
    /// nil for anything else, a negative duration or calendar units (`mo`, `y`).
    public static func seconds(parsing text: String) -> Double? {
        if text == "0" { return 0 }
        guard let duration = try? FluxDuration(parsing: text), duration.months == 0, !duration.isNegative else { return nil }
        return Double(duration.nanoseconds) / 1e9
    }
}

/// Why the apply lock could not be taken.
public enum ApplyLockError: Error, Sendable {
    /// Another apply holds an unexpired lease (and `--lock-timeout` ran out). `holderGone`:
    /// the holder names this host and its process is not running (with a `--lock-timeout`
    /// such a lease is taken over at once, so this is seen only without one).
    case held(ApplyLease, holderGone: Bool)
    /// The lease label has neither a readable `expires` nor `started`, so it never lapses.
    case broken(ApplyLease)
    /// A label with the lease's reserved name exists but is not a lease.
    case nameTaken(InfluxLabel)
    /// A request failed.
    case api(InfluxAPIError)
}

/// Takes, renews and releases the apply lock of one org and owner label (see `ApplyLease`).
///
/// - `acquire(timeout:)`: `POST /api/v2/labels` with the reserved name and a fresh random
///   `nonce` (§10.1). On 422 `conflict`, reads the labels (§10.2) to find the holder; an
///   expired lease (or one whose holder names this host and is no longer running, when a
///   `timeout` is given) is taken over (`DELETE` by its ID, §10.5, then create again — when
///   two processes race for it, the create succeeds for one and the other sees the new
///   lease); otherwise waits with doubling backoff until `timeout`. When the create gets no
///   answer or a 5xx (the server may have stored it), the labels are read back: a lease with
///   our nonce is ours; none means the create did not happen and it is sent again.
/// - While held, the expiry is pushed forward every `renewInterval` (`PATCH`, §10.4), except
///   while the client has a request past its deadline: a stalled apply lets its lease lapse.
/// - `release()`: stops renewing and deletes the label, retrying a failed `DELETE` like an
///   idempotent request (404 counts as released). Runs once: every caller, concurrent or
///   later, gets the same outcome. After `release()` a pending or later `acquire` deletes what
///   it creates and fails.
public actor ApplyLock {
    /// The client every request goes through.
    public let client: any InfluxAPIClient
    /// The org the lease is taken in (set by `acquire`).
    public private(set) var orgID = ""
    /// The owner label the lease is for.
    public let ownerLabel: String
    /// Who asks.
    public let holder: LeaseHolder
    /// Durations.
    public let timing: LeaseTiming
    /// The random value written into this apply's lease (`ApplyLease.nonce`).
    public nonisolated let nonce: String
    private let now: @Sendable () -> Date
    /// What every wait (backoff, retry pause, renewal interval) sleeps on.
    private let clock: any Clock<Duration>
    private let isRunning: @Sendable (Int32) -> Bool

    private var leaseID: String?
    /// A create went unanswered and its outcome was never settled: the lease may exist.
    private var maybeHeld = false
    private var renewal: Task<Void, Never>?
    private var released = false
    private var releasing: Task<String?, Never>?
    /// True while a lease create is on its way (from the request until the lease is recorded
    /// or the answer says it was not stored): `release()` waits for it, so that a lease the
    /// server stores after a signal is still removed (it was left behind).
    private var creating = false
    /// True once this apply held the lease, or removed one it had stored (a create answered
    /// after `release()`, or one never answered and found by its nonce): the lock was taken.
    public private(set) var tookLease = false
    /// True when the release found the held lease already gone (404): someone removed it
    /// (`force-unlock`) or took it over, so this apply wrote without it for a while.
    public private(set) var wasGoneAtRelease = false
    /// Renewal failures, one sentence each (the apply goes on; the lease may lapse).
    public private(set) var renewalProblems: [String] = []
    /// Set when a renewal found the lease label gone (removed by `force-unlock`, or taken
    /// over after it expired): another apply may now be running, so this one should stop.
    /// Readable without `await`, for `Applier.shouldStop`.
    public nonisolated let lost = LeaseLostFlag()

    /// Creates a lock handle; nothing is sent until `acquire`.
    /// - Parameters:
    ///   - now: the wall-clock time written into and compared with leases.
    ///   - clock: what the waits between attempts and renewals sleep on (tests pass one they
    ///     advance by hand).
    ///   - nonce: the lease's random value (tests pass their own).
    ///   - isRunning: whether a process ID runs on this host (`LeaseHolder.processIsRunning`).
    public init(
        client: any InfluxAPIClient, ownerLabel: String, holder: LeaseHolder,
        timing: LeaseTiming = LeaseTiming(), now: @escaping @Sendable () -> Date = { Date() },
        clock: any Clock<Duration> = ContinuousClock(),
        nonce: String = ApplyLock.randomNonce(),
        isRunning: @escaping @Sendable (Int32) -> Bool = LeaseHolder.processIsRunning
    ) {
        self.client = client
        self.ownerLabel = ownerLabel
        self.holder = holder
        self.timing = timing
        self.now = now
        self.clock = clock
        self.nonce = nonce
        self.isRunning = isRunning
    }

    /// 32 random hexadecimal digits.
    public static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// The reserved label name.
    public nonisolated var labelName: String { ApplyLease.labelName(forOwnerLabel: ownerLabel) }

    /// The ID of the held lease label, nil when not held.
    public var heldLeaseID: String? { leaseID }

    /// Takes the lease in org `orgID`, waiting up to `timeout` seconds (0: one attempt, plus
    /// the takeover of an expired lease). `onWait` is called once, with the current holder,
    /// before the first wait; `onTakeover` with each lease removed to take its place (expired,
    /// or its process gone from this host).
    /// - Throws: `ApplyLockError`.
    public func acquire(
        orgID: String, timeout: TimeInterval, onWait: (@Sendable (ApplyLease) -> Void)? = nil,
        onTakeover: (@Sendable (ApplyLease) -> Void)? = nil
    ) async throws(ApplyLockError) {
        self.orgID = orgID
        let deadline = now().addingTimeInterval(max(0, timeout))
        var backoff = timing.initialBackoff
        var waited = false
        var takeovers = 0
        var unanswered = 0
        while true {
            if released { throw Self.interrupted }
            let start = now()
            let request = LabelCreateRequest(
                orgID: orgID, name: labelName,
                properties: ApplyLease.properties(
                    ownerLabel: ownerLabel, holder: holder, started: start, expires: start.addingTimeInterval(timing.ttl), nonce: nonce))
            creating = true
            do {
                // (Cleared before a catch runs, with no suspension in between.)
                defer { creating = false }
                let label = try await client.createLabel(request)
                try await hold(label.id)
                return
            } catch let error as InfluxAPIError where error.status == 422 {
                // Held (or a plain label has the name): find out by whom.
            } catch let error as InfluxAPIError where error.status == nil || error.status! >= 500 || (200..<300).contains(error.status!) {
                // No answer, the server failed, or a success whose body could not be read (a
                // proxy cut or emptied it): it may have stored the lease. Read it back.
                maybeHeld = true
                unanswered += 1
                if unanswered > 3 { throw .api(error) }
            } catch let error as InfluxAPIError {
                throw .api(error)
            } catch let error as ApplyLockError {
                throw error
            } catch {
                throw .api(InfluxAPIError(method: "POST", path: "/api/v2/labels", status: nil, code: nil, message: String(describing: error)))
            }
            let existing = try await currentLease()
            guard let existing else { continue }  // not stored, or released meanwhile: try again
            guard let lease = ApplyLease(label: existing) else { throw .nameTaken(existing) }
            if lease.nonce == nonce {
                maybeHeld = false
                try await hold(lease.id)
                return
            }
            if lease.isBroken { throw .broken(lease) }
            let gone = lease.holder.isGone(from: holder, isRunning: isRunning)
            if (lease.isExpired(at: now(), ttl: timing.ttl) || (gone && timeout > 0)) && takeovers < 3 {
                // Interrupted meanwhile: another apply's lease is not touched.
                if released { throw Self.interrupted }
                takeovers += 1
                onTakeover?(lease)
                do {
                    try await client.deleteLabel(id: lease.id)
                } catch let error as InfluxAPIError where error.status == 404 {
                    // Someone else removed it first; the create decides who gets it.
                } catch let error as InfluxAPIError {
                    throw .api(error)
                } catch {
                    throw .api(InfluxAPIError(method: "DELETE", path: "/api/v2/labels/\(lease.id)", status: nil, code: nil, message: String(describing: error)))
                }
                continue
            }
            let remaining = deadline.timeIntervalSince(now())
            guard remaining > 0 else { throw .held(lease, holderGone: gone) }
            if !waited { waited = true; onWait?(lease) }
            let pause = min(backoff, remaining)
            backoff = min(backoff * 2, timing.maxBackoff)
            try? await Self.sleep(seconds: pause, on: clock)
        }
    }

    /// Sleeps `seconds` on `clock`; returns early when the task is cancelled.
    private static func sleep(seconds: TimeInterval, on clock: any Clock<Duration>) async throws {
        try await clock.sleep(for: .nanoseconds(Int64(seconds * 1_000_000_000)))
    }

    private static let interrupted = ApplyLockError.api(InfluxAPIError(method: "POST", path: "/api/v2/labels", status: nil, code: nil, message: "the apply was interrupted"))

    /// Records the lease label `id` as ours and starts renewing it; when `release()` came
    /// first, deletes it instead and fails.
    private func hold(_ id: String) async throws(ApplyLockError) {
        tookLease = true
        if released {
            try? await client.deleteLabel(id: id)
            throw Self.interrupted
        }
        leaseID = id
        maybeHeld = false
        startRenewal()
    }

    /// The label with the lease's reserved name (trimmed, case-insensitive, as the server
    /// compares names), or nil.
    private func currentLease() async throws(ApplyLockError) -> InfluxLabel? {
        let labels: [InfluxLabel]
        do {
            labels = try await client.listLabels(orgID: orgID)
        } catch let error as InfluxAPIError {
            throw .api(error)
        } catch {
            throw .api(InfluxAPIError(method: "GET", path: "/api/v2/labels", status: nil, code: nil, message: String(describing: error)))
        }
        let identity = Ownership.labelIdentity(labelName)
        return labels.first { Ownership.labelIdentity($0.name) == identity }
    }

    /// Stops renewing and deletes the lease label. Runs once: every call, concurrent or later,
    /// returns the outcome of the first. Safe when the lease was never taken. A `DELETE` that
    /// fails (no answer, a redirect, 429, 5xx) is sent again, up to 4 times in all; 404 counts
    /// as released.
    /// When a create went unanswered and was never settled, the labels are read to find a
    /// lease with this apply's nonce first. A failure is returned as a sentence.
    @discardableResult
    public func release() async -> String? {
        if let releasing { return await releasing.value }
        released = true
        renewal?.cancel()
        renewal = nil
        let task = Task { await self.deleteLease() }
        releasing = task
        return await task.value
    }

    private func deleteLease() async -> String? {
        // A create on its way settles first (its `hold` deletes what it stored, or it records
        // an unanswered create as maybe held, which is read back below).
        while creating { try? await Self.sleep(seconds: 0.02, on: ContinuousClock()) }
        let wasHeld = leaseID != nil
        var id = leaseID
        leaseID = nil
        if id == nil, maybeHeld, let label = try? await currentLease(),
            let lease = ApplyLease(label: label), lease.nonce == nonce
        {
            id = lease.id
            tookLease = true
        }
        guard let id else { return nil }
        var pause = timing.initialBackoff
        var attempt = 1
        while true {
            do {
                try await client.deleteLabel(id: id)
                return nil
            } catch let error as InfluxAPIError where error.status == 404 {
                // Gone already: fine for a lease read back, a warning for one held all along.
                if wasHeld && attempt == 1 { wasGoneAtRelease = true }
                return nil
            } catch let error as InfluxAPIError where attempt < 4 && Self.notCarriedOut(error) {
                attempt += 1
                try? await Self.sleep(seconds: pause, on: clock)
                pause = min(pause * 2, timing.maxBackoff)
            } catch {
                return "could not remove the apply lock label \(labelName) (\(id)): \(error)"
            }
        }
    }

    /// True when a failed request may not have reached InfluxDB or was not carried out, so
    /// that sending it again is the way to finish it: no answer, a redirect (a proxy in the
    /// way; never followed), 429, or a 5xx.
    private static func notCarriedOut(_ error: InfluxAPIError) -> Bool {
        guard let status = error.status else { return true }
        return (300..<400).contains(status) || status == 429 || status >= 500
    }

    /// Pushes the expiry forward now (`PATCH` of the `expires` property). Skipped while the
    /// client has a request past its deadline.
    public func renew() async {
        guard let id = leaseID, !released else { return }
        if client.hasOverdueRequest {
            renewalProblems.append("the apply lock \(labelName) (\(id)) was not renewed while a request was past its deadline")
            return
        }
        let expires = now().addingTimeInterval(timing.ttl)
        do {
            _ = try await client.updateLabel(id: id, LabelUpdateRequest(properties: ["expires": RFC3339.format(expires)]))
        } catch let error as InfluxAPIError where error.status == 404 {
            lost.set()
            leaseID = nil
            renewalProblems.append("the apply lock \(labelName) (\(id)) was removed while this apply ran (force-unlock, or taken over after it expired)")
        } catch {
            // Cut short by the release (the renewal is cancelled when the apply ends, maybe
            // while its PATCH waits behind a throttle): not a failure to report.
            if released || Task.isCancelled { return }
            renewalProblems.append("could not renew the apply lock \(labelName) (\(id)): \(error)")
        }
    }

    private func startRenewal() {
        guard timing.renewInterval > 0 else { return }
        let interval = timing.renewInterval
        let clock = clock
        renewal = Task { [weak self] in
            while !Task.isCancelled {
                try? await Self.sleep(seconds: interval, on: clock)
                if Task.isCancelled { return }
                await self?.renew()
            }
        }
    }
}

/// A flag set once, read from any thread without `await`.
public final class LeaseLostFlag: @unchecked Sendable {
    private let mutex = NSLock()
    private var value = false

    /// Creates an unset flag.
    public init() {}

    /// True once `set()` was called.
    public var isSet: Bool { mutex.withLock { value } }

    /// Sets the flag.
    public func set() { mutex.withLock { value = true } }
}
