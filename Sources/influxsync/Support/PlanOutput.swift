import Foundation
import InfluxSync

/// Prints a computed plan in the command's view, saves it with `--out`, and feeds the GitHub job
/// summary (`plan`'s output stage).
enum PlanOutput {
    /// Prints `outcome.plan` on standard output through `view` (chosen from `--format`); with `--out FILE` writes
    /// the saved plan (mode 0600: it holds the org's scripts) and says so on standard error; appends the Markdown plan to
    /// `GITHUB_STEP_SUMMARY` when set.
    /// - Throws: `CommandFailure` when the saved plan cannot be written or the manifests
    ///   have no digest (e.g. `-`; `outcome.manifestDigest`, made while they were read).
    /// - Parameters:
    ///   - connectionFlags: the connection flags as given (`ConnectionOptions.givenFlags`, with
    ///     `--target` and `--config`) and a raised `--max-manifest-bytes`
    ///     (`ManifestOptions.limitFlags`), repeated in the "apply exactly this plan" command.
    ///   - planFlags: the flags `plan` was given besides the connection and the paths, recorded
    ///     in the saved plan for the hint that makes it again (`SavedPlan.planFlags`).
    ///   - envRefs: the env ref values the manifests were read with (`SavedPlan.envRefs`).
    ///   - target: the `--target` name and the directory of its targets file; the saved plan
    ///     stores its manifest paths relative to that directory (else to the plan file's).
    static func emit(
        _ outcome: CommandPipeline.Outcome, manifestPaths: [String], options: PlanOutputOptions,
        connectionFlags: [String], planFlags: [String] = [], envRefs: [String: String] = [:], target: (name: String, root: String)? = nil,
        view: any OutputView, console: Console, now: Date = Date()
    ) throws {
        let plan = outcome.plan
        if let file = options.outFile {
            let digest: ManifestDigest
            switch outcome.manifestDigest {
            case .success(let read)?: digest = read
            case .failure(let error)?: throw CommandFailure("cannot save the plan to \(file): \(error.message)")
            case nil: throw CommandFailure("cannot save the plan to \(file): the manifests were read without their digest")
            }
            try checkOutFile(file)
            let planDirectory = URL(fileURLWithPath: file).deletingLastPathComponent().path
            let saved = SavedPlan.make(
                plan: plan, manifestPaths: manifestPaths, manifestDigest: digest, live: outcome.live, scope: outcome.fingerprintScope, createdAt: now,
                target: target?.name, policies: outcome.policies, planFlags: planFlags, envRefs: envRefs,
                baseDirectory: target?.root ?? planDirectory)
            do {
                try PrivateFile.write(Data(saved.encoded().utf8), to: file)
            } catch {
                throw CommandFailure(
                    "cannot write the saved plan \(file): \(FileProblem.describe(path: file))",
                    hint: "pass a writable file path with --out")
            }
        }
        console.outputRaw(view.plan(plan))
        if let file = options.outFile {
            let command = "influxsync " + ShellWords.join(["apply", file] + connectionFlags)
            console.error("Saved the plan to \(file).\n  hint: apply exactly this plan with: \(command)")
        }
        CIIntegration.appendStepSummary(MarkdownPlanRenderer.render(plan), console: console)
    }

    /// Refuses an `--out` path the saved plan must not replace: `-` (a file named `-` is
    /// never what was meant), anything but a regular file (a device such as `/dev/null`, a
    /// FIFO, a symbolic link: the plan is written by renaming a new file over the path, which
    /// would replace the device itself), and a regular file influxsync did not write as a plan
    /// or report (a manifest, a CI file, the sandbox's state). An earlier saved plan or
    /// report may be replaced.
    /// - Throws: `CommandFailure` naming the path and why.
    static func checkOutFile(_ file: String) throws {
        let hint = "pass a new path with --out, e.g. --out plan.json, or remove the file first"
        if file == "-" {
            throw CommandFailure(
                "--out - would write the saved plan to a file named \"-\"; a saved plan is a file that apply reads back",
                hint: "pass a file path with --out, e.g. --out plan.json; the plan itself is printed on standard output")
        }
        var status = stat()
        guard lstat(file, &status) == 0 else { return }  // nothing there yet
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw CommandFailure("will not write the saved plan over \(file): it is not a regular file", hint: hint)
        }
        let kind = FileManager.default.contents(atPath: file).flatMap(ToolOutputDocument.recognise)
        guard let kind, kind != .sandboxState else {
            throw CommandFailure(
                "will not write the saved plan over \(file): it is \(kind.map { "the \($0.rawValue)" } ?? "not a plan or report influxsync wrote")",
                hint: hint)
        }
    }
}
