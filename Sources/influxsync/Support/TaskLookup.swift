import ArgumentParser
import Flux
import Foundation
import InfluxAPI
import InfluxSync

/// Finds the task a run command names: a 16-hex-digit task ID, or the name of a task in the
/// org (exact, case-sensitive, as InfluxDB stores it).
enum TaskLookup {
    /// The org the session works in.
    /// - Throws: `CommandFailure` when it cannot be read.
    static func org(_ session: Session) async throws -> InfluxOrg {
        do {
            switch session.org {
            case .name(let name): return try await session.client.findOrg(name: name)
            case .id(let id): return try await session.client.findOrg(id: id)
            }
        } catch let error as InfluxAPIError {
            throw CommandFailure("cannot read the org: \(APIErrorText.describe(error, settings: session.settings))")
        }
    }

    /// Every task of the org (all pages).
    /// - Throws: `CommandFailure` when the list cannot be read.
    static func allTasks(_ session: Session, orgID: String) async throws -> [InfluxTask] {
        do {
            return try await LiveStateFetcher.tasks(client: session.client, orgID: orgID)
        } catch let error as InfluxAPIError {
            throw CommandFailure("cannot list the tasks: \(APIErrorText.describe(error, settings: session.settings))")
        }
    }

    /// Opens a session with `connection` (and the environment's defaults), finds the task named
    /// by `reference` and runs `body` with both; the session is closed afterwards. The start of
    /// every command that acts on one task (`run`, `logs`, `retry`, `cancel`).
    /// - Throws: what resolving the connection throws, `CommandFailure` from `find`, and
    ///   whatever `body` throws.
    static func withTask<T: Sendable>(
        _ reference: String, connection: ConnectionOptions, console: Console,
        _ body: (Session, InfluxTask) async throws -> T
    ) async throws -> T {
        let settings = try ConnectionSettings.resolve(connection, environment: console.environment)
        return try await Session.with(settings, console: console) { session in
            try await body(session, try await find(reference, session: session))
        }
    }

    /// The task named by `reference` (an ID or a task name), in the session's org.
    /// - Throws: `CommandFailure` when no task or several tasks match, or the ID names a task
    ///   of another org (a token may see several orgs; the command acts in the one named).
    static func find(_ reference: String, session: Session) async throws -> InfluxTask {
        if InfluxID.isValid(reference) {
            do {
                let task = try await session.client.getTask(id: reference)
                let org = try await org(session)
                guard task.orgID == org.id else {
                    throw CommandFailure(
                        "task \(reference) (\(DisplayText.quoted(task.name))) is not in org \(DisplayText.escaped(org.name)) (\(org.id)): it belongs to org \(task.orgID)",
                        hint: "name its org with --org-id \(task.orgID), or name a task of org \(DisplayText.escaped(org.name))")
                }
                return task
            } catch let error as InfluxAPIError where error.status == 404 {
                // Not a task ID after all: a task may be named like an ID.
            } catch let error as InfluxAPIError {
                throw CommandFailure("cannot read task \(reference): \(APIErrorText.describe(error, settings: session.settings))")
            }
        }
        let org = try await org(session)
        let tasks = try await allTasks(session, orgID: org.id)
        let matches = tasks.filter { $0.name == reference }
        switch matches.count {
        case 1: return matches[0]
        case 0:
            var failure = CommandFailure("no task named or with ID \(DisplayText.quoted(reference)) in org \(DisplayText.escaped(org.name)) (\(org.id))")
            if let near = EditDistance.suggestion(for: reference, among: tasks.map(\.name)) {
                failure.hints.append("did you mean \(DisplayText.quoted(near))?")
            }
            failure.hints.append("list the managed tasks and their IDs with: \(session.settings.command(["status"]))")
            throw failure
        default:
            throw CommandFailure(
                "\(matches.count) tasks are named \(DisplayText.quoted(reference)) in org \(DisplayText.escaped(org.name)): \(matches.map(\.id).joined(separator: ", "))",
                hint: "name the task by one of these IDs instead of its name")
        }
    }

    /// Refuses a RUN argument that is not a run ID: it goes into the request's path
    /// (`…/runs/{runID}`), where `..` or a `/` would name another resource (a proxy that
    /// normalises paths turns `DELETE …/runs/..` into a delete of the task), and is printed.
    /// - Throws: `ValidationError` (a usage error) naming the value, escaped.
    static func requireRunID(_ text: String) throws {
        guard InfluxID.isValid(text) else {
            throw ValidationError(
                "\(DisplayText.quoted(text)) is not a run ID: run IDs are 16 lowercase hex digits, as `influxsync runs TASK` lists them.")
        }
    }
}

/// `--since 24h`: a positive Flux duration, turned into the `afterTime` of a run listing.
enum SinceOption {
    /// Why `text` is not a `--since` (for `validate()`), or nil when it is one.
    static func problem(_ text: String) -> String? {
        guard DurationText.seconds(text) == nil else { return nil }
        if let calendar = try? FluxDuration(parsing: text), calendar.months != 0 {
            return "--since \"\(text)\" uses a calendar unit (mo, y), whose length varies: give it in days or weeks, e.g. --since 30d."
        }
        return "--since \"\(text)\" is not a duration such as 1h, 24h or 7d."
    }

    /// `now − since` as RFC 3339.
    /// - Throws: `CommandFailure` when `text` is not a positive duration without calendar units.
    static func afterTime(_ text: String, now: Date) throws -> String {
        guard let d = DurationText.seconds(text) else {
            throw CommandFailure("--since \(DisplayText.quoted(text)) is not a duration such as 1h, 24h or 7d", hint: "use a Flux duration literal, e.g. --since 24h")
        }
        return RFC3339.format(now.addingTimeInterval(-d))
    }
}
