import Foundation
import InfluxAPI

/// The apply lock as it lives on the server: a label with a reserved name whose properties say
/// who holds it and until when (design.md "The apply lock", issue 10).
///
/// InfluxDB has no lock primitive, but label names are unique per org (trimmed,
/// case-insensitive, influxdb-api.md §10.1): `POST /api/v2/labels` succeeds for exactly one
/// writer and answers the others 422 `conflict`. So the lease for owner label `influxsync` is
/// the label `influxsync.lock` in the org, with the properties:
///
/// | key | value |
/// |---|---|
/// | `influxsync.role` | `apply-lock` (what marks the label as a lease) |
/// | `influxsync.lockFor` | the owner label name |
/// | `host` | host name of the holder |
/// | `pid` | process ID of the holder |
/// | `processSpace` | where that process ID means something: the boot and PID namespace (`LeaseHolder.processSpace`; absent off Linux) |
/// | `ci` | the CI run URL, when the holder runs in CI (absent otherwise) |
/// | `nonce` | a random value chosen for this one lease: when the answer to the create is lost, the holder reads the label back and knows by it whether the lease is its own |
/// | `started` | when it was taken, RFC 3339 (UTC, whole seconds) |
/// | `expires` | when it lapses unless renewed, RFC 3339 (UTC, whole seconds) |
///
/// A lease label is never a managed label: `LiveStateFetcher` leaves it out of the live state,
/// so plans, drift, prune and saved-plan fingerprints never see it.
public struct ApplyLease: Hashable, Sendable {
    /// Value of `Ownership.roleProperty` on a lease label.
    public static let role = "apply-lock"
    /// Property key naming the owner label the lease is for.
    public static let lockForProperty = "influxsync.lockFor"

    /// The reserved label name of the lease for `ownerLabel`: `<owner label>.lock` (trimmed).
    public static func labelName(forOwnerLabel ownerLabel: String) -> String {
        ownerLabel.trimmingCharacters(in: .whitespacesAndNewlines) + ".lock"
    }

    /// True when `label` is an apply lease (of any owner label): it carries
    /// `influxsync.role: apply-lock`.
    public static func isLease(_ label: InfluxLabel) -> Bool {
        label.properties[Ownership.roleProperty] == role
    }

    /// The label's ID.
    public var id: String
    /// The label's name (`<owner label>.lock`).
    public var name: String
    /// Who holds it.
    public var holder: LeaseHolder
    /// When it was taken; nil when the property is missing or unreadable.
    public var started: Date?
    /// When it lapses unless renewed; nil when the property is missing or unreadable (the
    /// lease then lapses one lease length after `started`: `expiry(ttl:)`).
    public var expires: Date?
    /// The random value of the apply that took it; nil for a lease written by an older version.
    public var nonce: String?

    /// Creates a lease value.
    public init(id: String, name: String, holder: LeaseHolder, started: Date?, expires: Date?, nonce: String? = nil) {
        self.id = id
        self.name = name
        self.holder = holder
        self.started = started
        self.expires = expires
        self.nonce = nonce
    }

    /// Reads a lease from its label; nil when the label is not a lease (`isLease` false).
    public init?(label: InfluxLabel) {
        guard Self.isLease(label) else { return nil }
        let p = label.properties
        self.init(
            id: label.id, name: label.name,
            holder: LeaseHolder(
                // A process ID of 0 or below names no process (kill(2) reads it as a group).
                host: p["host"] ?? "unknown host", pid: p["pid"].flatMap { Int32($0) }.flatMap { $0 > 0 ? $0 : nil }, ciRunURL: p["ci"],
                processSpace: p["processSpace"]),
            started: p["started"].flatMap(RFC3339.parse), expires: p["expires"].flatMap(RFC3339.parse),
            nonce: p["nonce"])
    }

    /// The label properties of a lease held by `holder` from `started` to `expires`.
    public static func properties(ownerLabel: String, holder: LeaseHolder, started: Date, expires: Date, nonce: String? = nil) -> [String: String] {
        var p = [
            Ownership.roleProperty: role,
            lockForProperty: ownerLabel,
            "color": "#DC4E58",
            "description": "influxsync apply in progress; removed when it ends (influxsync force-unlock removes a stale one)",
            "host": holder.host,
            "started": RFC3339.format(started),
            "expires": RFC3339.format(expires),
        ]
        if let pid = holder.pid { p["pid"] = String(pid) }
        if let space = holder.processSpace { p["processSpace"] = space }
        if let ci = holder.ciRunURL { p["ci"] = ci }
        if let nonce { p["nonce"] = nonce }
        return p
    }

    /// When the lease lapses: its `expires`, else (a label that lost the property, or was
    /// written by hand) `ttl` seconds after its `started`; nil when it has neither readable
    /// time (a broken lease: `isBroken`).
    public func expiry(ttl: TimeInterval) -> Date? {
        expires ?? started?.addingTimeInterval(ttl)
    }

    /// True when the lease has neither a readable `expires` nor a readable `started`: it cannot
    /// lapse by itself, so it is reported (only `force-unlock` removes it).
    public var isBroken: Bool { expires == nil && started == nil }

    /// True when the lease lapsed before `now` (`expiry(ttl:)`); false for a broken lease.
    /// - Parameter ttl: the lease length, for a lease without `expires` (default 5 minutes).
    public func isExpired(at now: Date, ttl: TimeInterval = LeaseTiming().ttl) -> Bool {
        guard let expiry = expiry(ttl: ttl) else { return false }
        return expiry < now
    }

    /// One line for messages: `host ci-runner-3, process 4242 (https://…/runs/7), taken 2026-12-01T00:10:00Z (95s ago), expires 2026-12-01T00:15:00Z`.
    public func describe(now: Date) -> String {
        var s = holder.description
        if let started {
            s += ", taken \(RFC3339.format(started)) (\(Self.age(from: started, to: now)) ago)"
        } else {
            s += ", taken at an unknown time"
        }
        if let expires {
            s += ", expires \(RFC3339.format(expires))"
        } else if let started {
            s += ", no expiry recorded (lapses at \(RFC3339.format(started.addingTimeInterval(LeaseTiming().ttl))))"
        } else {
            s += ", no expiry recorded"
        }
        return s
    }

    /// True when the lease was taken or renewed less than a renewal interval (plus 30 s of
    /// slack) before `now`, judged by its `expires` being more than `ttl - renewInterval - 30`
    /// and at most `ttl + 60` seconds ahead (a minute of clock skew; an `expires` further out
    /// was not written by a renewal): a running apply renews it every `renewInterval`, so its
    /// apply is probably still running. False without a readable `expires`.
    public func isFresh(at now: Date, timing: LeaseTiming = LeaseTiming()) -> Bool {
        guard let expires else { return false }
        let ahead = expires.timeIntervalSince(now)
        return ahead > timing.ttl - timing.renewInterval - 30 && ahead <= timing.ttl + 60
    }

    /// A short age: `42s`, `3m12s`, `2h05m`.
    static func age(from start: Date, to now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(start)))
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(String(format: "%02d", seconds % 60))s" }
        return "\(seconds / 3600)h\(String(format: "%02d", seconds / 60 % 60))m"
    }
}

/// Who holds (or asks for) the apply lock.
public struct LeaseHolder: Hashable, Sendable, CustomStringConvertible {
    /// Host name.
    public var host: String
    /// Process ID; nil when unknown.
    public var pid: Int32?
    /// The CI run URL, when running in CI.
    public var ciRunURL: String?
    /// Where `pid` names a process: on Linux `<boot ID>/<PID namespace>`
    /// (`/proc/sys/kernel/random/boot_id`, the inode of `/proc/self/ns/pid`), so that two
    /// containers sharing a host name (host networking) or a rebooted runner are not taken for
    /// the same process table; nil elsewhere and in leases written by older versions.
    public var processSpace: String?

    /// Creates a holder description.
    public init(host: String, pid: Int32?, ciRunURL: String?, processSpace: String? = nil) {
        self.host = host
        self.pid = pid
        self.ciRunURL = ciRunURL
        self.processSpace = processSpace
    }

    /// This process: the host name, the process ID and the CI run URL from the environment —
    /// GitHub Actions' `GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID`, or
    /// GitLab's `CI_JOB_URL` — when set.
    public static func current(environment: [String: String]) -> LeaseHolder {
        var ci: String?
        if let server = environment["GITHUB_SERVER_URL"], let repo = environment["GITHUB_REPOSITORY"], let run = environment["GITHUB_RUN_ID"],
            !server.isEmpty, !repo.isEmpty, !run.isEmpty
        {
            ci = "\(server)/\(repo)/actions/runs/\(run)"
        } else if let job = environment["CI_JOB_URL"], !job.isEmpty {
            ci = job
        }
        return LeaseHolder(
            host: ProcessInfo.processInfo.hostName, pid: ProcessInfo.processInfo.processIdentifier, ciRunURL: ci,
            processSpace: currentProcessSpace)
    }

    /// This process's `processSpace`: `<boot ID>/<PID namespace inode>` on Linux, nil when
    /// either cannot be read (and off Linux).
    public static let currentProcessSpace: String? = {
        guard let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8),
            let namespace = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")
        else { return nil }
        let bootID = boot.trimmingCharacters(in: .whitespacesAndNewlines)
        return bootID.isEmpty ? nil : "\(bootID)/\(namespace)"
    }()

    /// True when this holder's process ID names a process of `checker`'s process table and
    /// that process is not running: the apply that took the lease ended without releasing it
    /// (killed, crashed). False — nothing can be checked — when the host differs, the process
    /// ID is unknown, or the process spaces differ or only one is known (another container
    /// with the same host name, a reboot, a lease of an older version read on Linux).
    /// - Parameter isRunning: whether a process ID is a running process on this host.
    public func isGone(from checker: LeaseHolder, isRunning: (Int32) -> Bool) -> Bool {
        pid(checkableFrom: checker).map { !isRunning($0) } ?? false
    }

    /// True when this holder's process ID names a running process of `checker`'s process
    /// table (same host and process space, `isGone(from:isRunning:)`): its apply is still
    /// running. False whenever that cannot be checked.
    public func isRunning(from checker: LeaseHolder, isRunning: (Int32) -> Bool) -> Bool {
        pid(checkableFrom: checker).map(isRunning) ?? false
    }

    /// This holder's process ID when it names a process of `checker`'s process table (same
    /// host and process space); nil when it is unknown or cannot be checked from there.
    private func pid(checkableFrom checker: LeaseHolder) -> Int32? {
        host == checker.host && processSpace == checker.processSpace ? pid : nil
    }

    /// Whether process `pid` runs on this machine: `kill(pid, 0)` succeeds, or fails only for
    /// lack of permission; a zombie (ended, not yet reaped by its parent: a container without
    /// an init) is not running.
    public static func processIsRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        return !isZombie(statLine: try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))
    }

    /// True when `/proc/PID/stat`'s state (the field after the parenthesised command name) is
    /// `Z`; false when the line is missing or unreadable.
    static func isZombie(statLine: String?) -> Bool {
        guard let line = statLine, let close = line.lastIndex(of: ")") else { return false }
        return line[line.index(after: close)...].drop(while: { $0 == " " }).first == "Z"
    }

    /// `host h, process 42 (https://ci/run)`.
    /// The host and CI URL come from a label anyone with write access to labels can edit, so
    /// they are printed escaped (`DisplayText`).
    public var description: String {
        var s = "host \(DisplayText.escaped(host))"
        if let pid { s += ", process \(pid)" }
        if let ciRunURL { s += " (\(DisplayText.escaped(ciRunURL)))" }
        return s
    }
}
