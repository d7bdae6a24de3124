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
    /// Another apply holds an unexpired lease (and `--lock-timeout` ran out).
    case held(ApplyLease)
    /// A label with the lease's reserved name exists but is not a lease.
    case nameTaken(InfluxLabel)
    /// A request failed.
    case api(InfluxAPIError)
}

/// Takes, renews and releases the apply lock of one org and owner label (see `ApplyLease`).
///
/// - `acquire(timeout:)`: `POST /api/v2/labels` with the reserved name (§10.1). On 422
///   `conflict`, reads the labels (§10.2) to find the holder; an expired lease is taken over
///   (`DELETE` by its ID, §10.5, then create again — when two processes race for it, the
///   create succeeds for one and the other sees the new lease); otherwise waits with doubling
///   backoff until `timeout`.
/// - While held, the expiry is pushed forward every `renewInterval` (`PATCH`, §10.4).
/// - `release()`: stops renewing and deletes the label (404 counts as released). Idempotent.
///   After `release()` a pending or later `acquire` deletes what it creates and fails.
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
    private let now: @Sendable () -> Date

    private var leaseID: String?
    private var renewal: Task<Void, Never>?
    private var released = false
    /// Renewal failures, one sentence each (the apply goes on; the lease may lapse).
    public private(set) var renewalProblems: [String] = []

    /// Creates a lock handle; nothing is sent until `acquire`.
    public init(client: any InfluxAPIClient, ownerLabel: String, holder: LeaseHolder,
                timing: LeaseTiming = LeaseTiming(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.ownerLabel = ownerLabel
        self.holder = holder
        self.timing = timing
        self.now = now
    }

    /// The reserved label name.
    public nonisolated var labelName: String { ApplyLease.labelName(forOwnerLabel: ownerLabel) }

    /// The ID of the held lease label, nil when not held.
    public var heldLeaseID: String? { leaseID }

    /// Takes the lease in org `orgID`, waiting up to `timeout` seconds (0: one attempt, plus
    /// the takeover of an expired lease). `onWait` is called once, with the current holder,
    /// before the first wait.
    /// - Throws: `ApplyLockError`.
    public func acquire(orgID: String, timeout: TimeInterval, onWait: (@Sendable (ApplyLease) -> Void)? = nil) async throws(ApplyLockError) {
        self.orgID = orgID
        let deadline = now().addingTimeInterval(max(0, timeout))
        var backoff = timing.initialBackoff
        var waited = false
        var takeovers = 0
        while true {
            if released { throw .api(InfluxAPIError(method: "POST", path: "/api/v2/labels", status: nil, code: nil, message: "the apply was interrupted")) }
            let start = now()
            let request = LabelCreateRequest(orgID: orgID, name: labelName, properties: ApplyLease.properties(
                ownerLabel: ownerLabel, holder: holder, started: start, expires: start.addingTimeInterval(timing.ttl)))
            do {
                let label = try await client.createLabel(request)
                if released {
                    try? await client.deleteLabel(id: label.id)
                    throw ApplyLockError.api(InfluxAPIError(method: "POST", path: "/api/v2/labels", status: nil, code: nil, message: "the apply was interrupted"))
                }
                leaseID = label.id
                startRenewal()
                return
            } catch let error as InfluxAPIError where error.status == 422 {
                // Held (or a plain label has the name): find out by whom.
            } catch let error as InfluxAPIError {
                throw .api(error)
            } catch let error as ApplyLockError {
                throw error
            } catch {
                throw .api(InfluxAPIError(method: "POST", path: "/api/v2/labels", status: nil, code: nil, message: String(describing: error)))
            }
            let labels: [InfluxLabel]
            do {
                labels = try await client.listLabels(orgID: orgID)
            } catch let error as InfluxAPIError {
                throw .api(error)
            } catch {
                throw .api(InfluxAPIError(method: "GET", path: "/api/v2/labels", status: nil, code: nil, message: String(describing: error)))
            }
            let identity = Ownership.labelIdentity(labelName)
            guard let existing = labels.first(where: { Ownership.labelIdentity($0.name) == identity }) else {
                continue  // released between our create and our read: try again at once
            }
            guard let lease = ApplyLease(label: existing) else { throw .nameTaken(existing) }
            if lease.isExpired(at: now()) && takeovers < 3 {
                takeovers += 1
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
            guard remaining > 0 else { throw .held(lease) }
            if !waited { waited = true; onWait?(lease) }
            let pause = min(backoff, remaining)
            backoff = min(backoff * 2, timing.maxBackoff)
            try? await Task.sleep(nanoseconds: UInt64(pause * 1_000_000_000))
        }
    }

    /// Stops renewing and deletes the lease label. Safe to call more than once and when the
    /// lease was never taken. A failure (other than 404) is returned as a sentence.
    @discardableResult
    public func release() async -> String? {
        released = true
        renewal?.cancel()
        renewal = nil
        guard let id = leaseID else { return nil }
        leaseID = nil
        do {
            try await client.deleteLabel(id: id)
            return nil
        } catch let error as InfluxAPIError where error.status == 404 {
            return nil
        } catch {
            return "could not remove the apply lock label \(labelName) (\(id)): \(error)"
        }
    }

    /// Pushes the expiry forward now (`PATCH` of the `expires` property).
    public func renew() async {
        guard let id = leaseID, !released else { return }
        let expires = now().addingTimeInterval(timing.ttl)
        do {
            _ = try await client.updateLabel(id: id, LabelUpdateRequest(properties: ["expires": ApplyLease.formatTime(expires)]))
        } catch {
            renewalProblems.append("could not renew the apply lock \(labelName) (\(id)): \(error)")
        }
    }

    private func startRenewal() {
        let interval = timing.renewInterval
        renewal = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                if Task.isCancelled { return }
                await self?.renew()
            }
        }
    }
}
