import ArgumentParser
import Foundation
import InfluxAPI
import InfluxSync

/// `influxsync force-unlock`: shows who holds the apply lock of an org and owner label, and
/// removes it (after a `yes` on a terminal, or with `--auto-approve`).
struct ForceUnlockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "force-unlock",
        abstract: "Remove the apply lock left by an apply that is no longer running.",
        discussion: """
            apply takes a lock (the label <owner label>.lock) so that two applies never run at once \
            against one org and owner label; it removes it when it ends, also after a failure or \
            SIGINT/SIGTERM, and an expired lock is taken over by the next apply. force-unlock \
            shows the holder (host, process, CI run, age) and deletes the lock. Only use it when \
            that apply is no longer running: a lock whose process still runs on this host is not \
            removed, and one renewed in the last 90 seconds is removed with a warning. Exit \
            status: 0 removed or no lock held, 1 error.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("owner-label"), help: ArgumentHelp("Name of the owner label whose apply lock to remove.", valueName: "name"))
    var ownerLabel = "influxsync"

    @Flag(name: .customLong("auto-approve"), help: "Remove the lock without asking (required when standard input is not a terminal).")
    var autoApprove = false

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let console = Console()
        let settings = try ConnectionSettings.resolve(connection, environment: console.environment)
        let owner = ownerLabel.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = ApplyLease.labelName(forOwnerLabel: owner)
        try await Session.with(settings, console: console) { session in
            let org: InfluxOrg
            let labels: [InfluxLabel]
            do {
                org = try await LiveStateFetcher.resolve(session.org, client: session.client)
                labels = try await session.client.listLabels(orgID: org.id)
            } catch let error as InfluxAPIError {
                throw CommandFailure("cannot read the labels: \(APIErrorText.describe(error, settings: session.settings))")
            }
            guard let label = labels.first(where: { Ownership.labelIdentity($0.name) == Ownership.labelIdentity(name) }) else {
                console.output("No apply lock is held for owner label \(DisplayText.quoted(owner)) in org \(DisplayText.quoted(org.name)) (no label \(DisplayText.escaped(name))).")
                return
            }
            guard let lease = ApplyLease(label: label) else {
                throw CommandFailure(
                    "the label \(DisplayText.quoted(label.name)) (\(label.id)) in org \(DisplayText.quoted(org.name)) is not an influxsync apply lock; it was not removed",
                    hint: "it only has the lock's reserved name; rename or delete it with the influx CLI if it is not needed")
            }
            let now = Date()
            let state = lease.isBroken ? " (broken: no readable time, it never lapses)" : lease.isExpired(at: now) ? " (expired)" : ""
            console.output(
                "Apply lock \(DisplayText.escaped(lease.name)) (\(lease.id)) of owner label \(DisplayText.quoted(owner)) in org \(DisplayText.quoted(org.name))\(state):\n  held by \(lease.describe(now: now))"
            )
            if !lease.isExpired(at: now), let pid = lease.holder.pid,
                lease.holder.isRunning(from: LeaseHolder.current(environment: console.environment), isRunning: LeaseHolder.processIsRunning)
            {
                throw CommandFailure(
                    "the apply holding this lock is still running (process \(pid) on this host); the lock was not removed",
                    hint: "let it finish: it removes the lock when it ends; to stop it sooner, interrupt it with: kill -INT \(pid) (it releases the lock too)")
            }
            if lease.isFresh(at: now) {
                console.error(
                    "warning: this lock was taken or renewed in the last 90 seconds, and a running apply renews it every minute: its apply is probably still running, and removing the lock lets another apply write at the same time"
                )
            }
            try confirm(console: console)
            do {
                try await session.client.deleteLabel(id: lease.id)
            } catch let error as InfluxAPIError where error.status == 404 {
                console.output("The lock was already gone (its apply ended meanwhile).")
                return
            } catch let error as InfluxAPIError {
                throw CommandFailure("cannot remove the apply lock: \(APIErrorText.describe(error, settings: session.settings))")
            }
            console.output("Apply lock removed.")
        }
    }

    private func confirm(console: Console) throws {
        if autoApprove { return }
        guard console.inputIsTerminal else {
            throw CommandFailure(
                "refusing to remove the lock without confirmation: standard input is not a terminal",
                hint: "make sure that apply is no longer running, then re-run with --auto-approve")
        }
        console.outputRaw("\nRemove this lock? Only do so when that apply is no longer running.\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ")
        guard console.readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
            throw CommandFailure("force-unlock cancelled; the lock was not removed")
        }
    }

    /// The complete `influxsync force-unlock …` command for the same server, org and owner
    /// label (never the token: `--token-file` is repeated when it was used; a token given with
    /// `--token` is read from `"$INFLUX_TOKEN"`, and the hint says so; otherwise the token
    /// comes from `INFLUX_TOKEN` or the influx CLI's config as before).
    static func commandLine(connection: ConnectionOptions, settings: ConnectionSettings, ownerLabel: String) -> String {
        var words = ["influxsync", "force-unlock"]
        switch settings.target {
        case .server(let url): words += ["--host", url]
        case .sandbox(let file): words += ["--sandbox", file]
        }
        switch settings.org {
        case .name(let name): words += ["--org", name]
        case .id(let id): words += ["--org-id", id]
        }
        if let file = connection.tokenFile { words += ["--token-file", file] }
        if ownerLabel != "influxsync" { words += ["--owner-label", ownerLabel] }
        // A token given with --token is never printed: the command reads it from INFLUX_TOKEN.
        guard connection.token != nil else { return ShellWords.join(words) }
        return ShellWords.join(words + ["--token", ShellWords.tokenVariable]) + " (with INFLUX_TOKEN set to the token passed with --token)"
    }
}
