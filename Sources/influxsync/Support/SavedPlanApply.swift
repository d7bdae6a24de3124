import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `apply FILE` where FILE is a saved plan (`plan --out FILE`): re-read the live state and the
/// manifests, refuse when either moved, else apply exactly the saved plan.
///
/// A saved plan was reviewed when it was made, so it is applied without the `yes` question
/// (as Terraform applies a saved plan file). Nothing is written when it is stale.
enum SavedPlanApply {
    /// The saved plan named by the arguments, or nil when they name manifests: exactly one
    /// path, a readable file whose JSON has `formatVersion` and `plan`.
    static func savedPlanPath(_ paths: [String]) -> String? {
        guard paths.count == 1, let path = paths.first, path != "-" else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path), SavedPlan.looksLikeSavedPlan(data) else { return nil }
        return path
    }

    /// Reads the saved plan, checks it against the live state and the manifests, applies it.
    /// - Throws: `CommandFailure` (stale plan: every moved file and resource named; unreadable
    ///   plan; live state unreadable), `ExitCode.failure` when a request fails.
    static func run(
        path: String, connection: ConnectionOptions, output: OutputOptions, locking: LockOptions,
        format: ApplyCommand.ApplyFormat, console: Console
    ) async throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the saved plan \(path)")
        }
        let saved = try decode(data, path: path)

        var options = connection
        let env = console.environment
        let orgFromEnvironment = [env["INFLUX_ORG"], env["INFLUX_ORG_ID"]].contains { !($0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
        if options.sandbox == nil, options.org == nil, options.orgID == nil, !orgFromEnvironment {
            options.orgID = saved.plan.orgID
        }
        let settings = try ConnectionSettings.resolve(options, environment: env)
        let color = console.useColor(noColorFlag: output.noColor)
        try await Session.with(settings, console: console) { session in
            let lock = try ApplyLocking(options: locking, ownerLabel: saved.plan.ownerLabel, connection: options,
                                        settings: settings, session: session, console: console)
            try await lock.releasing {
                try await apply(saved, path: path, connectionFlags: connection.givenFlags, format: format,
                                session: session, lock: lock, console: console, color: color)
            }
        }
    }

    private static func apply(
        _ saved: SavedPlan, path: String, connectionFlags: [String], format: ApplyCommand.ApplyFormat,
        session: Session, lock: ApplyLocking, console: Console, color: Bool
    ) async throws {
        let live: LiveState
        do {
            // Lock first, then read: the check below must see a state no other apply changes.
            let org = try await LiveStateFetcher.resolve(session.org, client: session.client)
            try await lock.acquire(in: org)
            live = try await LiveStateFetcher.fetch(client: session.client, org: org)
        } catch let error as InfluxAPIError {
            throw CommandFailure("cannot read the live state: \(APIErrorText.describe(error, settings: session.settings))")
        }
        try verify(saved, path: path, live: live, connectionFlags: connectionFlags)

        if format == .text {
            console.outputRaw(TextPlanRenderer.render(saved.plan, color: color).withTrailingNewline)
        }
        guard !saved.plan.isEmpty else {
            if format == .json { console.outputRaw(JSONApplyRenderer.render(plan: saved.plan, result: nil)) }
            return
        }
        try await lock.apply(saved.plan, session: session, format: format)
    }

    private static func decode(_ data: Data, path: String) throws(CommandFailure) -> SavedPlan {
        do {
            return try SavedPlan.decode(data, source: path)
        } catch {
            throw CommandFailure(error.message)
        }
    }

    /// `SavedPlan.verify` with its typed error turned into a `CommandFailure` outside the
    /// session closure (swiftc 6.3 crashes in SILGen on a typed-throw catch inside the closure).
    private static func verify(_ saved: SavedPlan, path: String, live: LiveState, connectionFlags: [String]) throws(CommandFailure) {
        do {
            try saved.verify(source: path, live: live, connectionFlags: connectionFlags)
        } catch {
            throw CommandFailure(error.message)
        }
    }
}
