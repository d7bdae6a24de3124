import ArgumentParser
import InfluxSync

/// `influxsync apply PATHS…`: validate → fetch → plan → confirm → apply.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the server match the manifests.",
        discussion: """
            Shows the plan, then asks for `yes` on a terminal (--auto-approve skips the question; \
            without a terminal --auto-approve is required). Independent changes are written --parallelism at a \
            time (default 8; --parallelism auto lets the server's answers set the pace, up to 64); after a failed request no new change starts, and each change is \
            reported as done, failed or not attempted, in plan order; running apply again converges. \
            Exit status: 0 success or nothing to do, 1 error. `apply FILE` with a plan saved by \
            `plan --out FILE` applies exactly that plan without asking, and refuses (exit 1, no \
            write) when the live state or the manifests changed since it was made. With \
            --format json, standard output holds one JSON document (schemas/apply.schema.json): the \
            plan, each change's outcome and the first failure.

            Only one apply runs at a time per org and owner label: apply first takes a lock (the \
            label <owner label>.lock, holding host, process, CI run, start and expiry), renews it \
            while it runs and removes it at the end, also after a failure or SIGINT/SIGTERM. When \
            another apply holds it, apply fails at once naming the holder, or waits up to \
            --lock-timeout; an expired lock is taken over. `influxsync force-unlock` removes a \
            lock whose apply is gone. --prune with manifests that declare no Task and no Label \
            is refused unless --allow-empty. A plan that converts a task between a Cloud \
            script task and a Flux task (it replaces the task: a new ID) is refused unless \
            --allow-conversion.
            """
    )

    /// `--format`: how the plan and the outcome are printed on standard output.
    enum ApplyFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var planning: PlanningOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var sending: ApplyOptions
    @OptionGroup var locking: LockOptions

    @Flag(name: .customLong("auto-approve"), help: "Apply without asking for confirmation.")
    var autoApprove = false

    @Flag(name: .customLong("run-after"), help: "After a successful apply, run each created or changed task once and wait for it; exit 1 when a run fails.")
    var runAfter = false

    @Option(
        name: .customLong("run-timeout"),
        help: ArgumentHelp("With --run-after, give up waiting for a run after this long (a duration like 90s or 10m; a bare number is seconds).", valueName: "duration"))
    var runTimeout = WaitDuration(seconds: 600)

    @Option(help: ArgumentHelp("Output format: text, or json (one document: the plan, each change's outcome, the first failure; schemas/apply.schema.json).", valueName: "format"))
    var format: ApplyFormat = .text

    func validate() throws {
        try manifests.requirePaths(target: connection.target)
    }

    func run() async throws {
        let console = Console()
        let view = format.view(console: console, color: console.useColor(noColorFlag: output.noColor))
        if let savedPlan = SavedPlanFile.named(by: manifests.paths) {
            // A saved plan is applied as it was made: a flag that would change the plan is
            // refused rather than silently ignored.
            let changing = manifests.givenFlags + planning.givenFlags.filter { $0 != "--strict" && $0 != "--no-server-checks" }
            if !changing.isEmpty {
                throw CommandFailure(
                    "\(ShellWords.join(changing)) cannot change a saved plan: \(savedPlan.path) is applied exactly as it was made",
                    hint: "make a new plan with them: influxsync plan PATHS… \(ShellWords.join(changing)) --out \(ShellWords.quote(savedPlan.path))")
            }
            return try await SavedPlanApply.run(
                savedPlan, manifestOptions: manifests, connection: connection, locking: locking,
                view: view, sending: sending, console: console)
        }
        try manifests.checkPathsExist()
        let parallelism = try sending.resolvedParallelism(environment: console.environment)
        let target = try TargetSelection.selected(connection)
        let policies = try TargetSelection.policies(connection, target: target)
        if let warning = try TargetSelection.sharedOwnershipWarning(connection, target: target) { console.error(warning) }
        let settings = try ConnectionSettings.resolve(connection, environment: console.environment, target: target)
        try await Session.with(settings, console: console, adaptiveConcurrency: parallelism.isAdaptive) { session in
            let applied: Plan? = try await applyLocked(
                session: session, settings: settings, view: view, target: target, policies: policies,
                parallelism: parallelism, console: console)
            if runAfter, let applied {
                try await RunAfterApply.run(
                    plan: applied, session: session, console: console, timeout: runTimeout.seconds,
                    keepStdoutClean: view.keepsStandardOutputClean)
            }
        }
    }

    /// Takes the lock, plans, confirms and applies; returns the plan applied (nil when empty).
    private func applyLocked(
        session: Session, settings: ConnectionSettings, view: any ApplyView, target: TargetConfig?, policies: Policies, parallelism: ApplyParallelism,
        console: Console
    ) async throws -> Plan? {
        let lock = try ApplyLocking(
            options: locking, ownerLabel: planning.applying(target).ownerLabel, connection: connection,
            settings: settings, session: session, console: console)
        // The commands an interrupted apply's message shows: this apply again, and its plan.
        var words = DuplicateRepair.applyWords(manifests: manifests.applying(target), planning: planning.applying(target), session: session, target: target)
        let again = ShellWords.join(words + (locking.lock ? [] : ["--lock=false"]))
        words[1] = "plan"
        InterruptGate.shared.setNextSteps(
            .init(converge: "run apply again to converge: \(again)", check: "Run plan before applying again: \(ShellWords.join(words))"))
        return try await lock.releasing { () -> Plan? in
            // The lock is taken before the live state is read: a plan computed while
            // another apply writes would repeat its creates.
            let outcome = try await CommandPipeline.run(
                manifests: manifests, planning: planning, session: session, console: console,
                command: "apply", target: target, policies: policies, releaseInBackground: true, beforeFetch: { org in try await lock.acquire(in: org) })
            view.willApply(outcome.plan)
            if let refusal = outcome.conversionRefusal { throw refusal }
            if outcome.plan.isEmpty {
                view.nothingToApply(outcome.plan)
                return nil
            }
            try confirm(console: console)
            try await lock.apply(
                outcome.plan, session: session, view: view, parallelism: parallelism,
                quiet: sending.quiet || connection.verbose)
            return outcome.plan
        }
    }

    /// Asks for `yes` on a terminal; refuses without one unless `--auto-approve`.
    private func confirm(console: Console) throws {
        if autoApprove { return }
        guard console.inputIsTerminal else {
            throw CommandFailure(
                "refusing to apply without confirmation: standard input is not a terminal",
                hint: "review the plan and re-run with --auto-approve to apply it")
        }
        console.outputRaw("\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ")
        let answer = console.readLine()?.trimmingCharacters(in: .whitespaces)
        guard answer == "yes" else {
            throw CommandFailure("apply cancelled; nothing was changed")
        }
    }
}
