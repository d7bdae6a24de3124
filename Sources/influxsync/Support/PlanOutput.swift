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
    ///   - target: the `--target` name and the directory of its targets file; the saved plan
    ///     stores its manifest paths relative to that directory (else to the plan file's).
    static func emit(
        _ outcome: CommandPipeline.Outcome, manifestPaths: [String], options: PlanOutputOptions,
        connectionFlags: [String], target: (name: String, root: String)? = nil, view: any OutputView, console: Console, now: Date = Date()
    ) throws {
        let plan = outcome.plan
        if let file = options.outFile {
            let digest: ManifestDigest
            switch outcome.manifestDigest {
            case .success(let read)?: digest = read
            case .failure(let error)?: throw CommandFailure("cannot save the plan to \(file): \(error.message)")
            case nil: throw CommandFailure("cannot save the plan to \(file): the manifests were read without their digest")
            }
            // Never over a file influxsync did not write (a manifest, a CI file): only an
            // earlier saved plan or report may be replaced.
            if let existing = FileManager.default.contents(atPath: file), ToolOutputDocument.recognise(existing) == nil {
                throw CommandFailure(
                    "will not write the saved plan over \(file): it is not a plan or report influxsync wrote",
                    hint: "pass a new path with --out, e.g. --out plan.json, or remove the file first")
            }
            let planDirectory = URL(fileURLWithPath: file).deletingLastPathComponent().path
            let saved = SavedPlan.make(
                plan: plan, manifestPaths: manifestPaths, manifestDigest: digest, live: outcome.live, createdAt: now,
                target: target?.name, policies: outcome.policies, baseDirectory: target?.root ?? planDirectory)
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
}
