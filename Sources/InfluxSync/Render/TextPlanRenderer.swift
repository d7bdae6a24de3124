/// Renders a plan as human-readable text (issue 2 §5).
///
/// Shape:
/// ```
/// + Task "cpu downsample" (examples/tasks/cpu.yml:1:1)
///     name:   "cpu downsample"
///     every:  1h
/// ~ Task "errors" 0a1b2c3d4e5f6a7b (examples/tasks/errors.yml:1:1)
///     every:  1h → 2h
///     labels: + "team"
///     query:
///       --- live
///       +++ manifest
///       @@ -1,2 +1,2 @@ …
/// - Task "old" 0a1b2c3d4e5f6a7c
///     owned by "influxsync", declared by no manifest: deleted (--prune)
///
/// Plan: 1 to add, 1 to change, 1 to destroy.
/// ```
/// Adoptions are `~` blocks marked `(adopt)`; a conversion between a script task and a Flux task
/// is a `-/+` block marked `(convert)` that names the script and the task replaced, then lists
/// the new task's fields as a create does; would-prune entries are `?` blocks; owned
/// duplicates of a declared task are marked `(duplicate)` and name the copy that is kept; an
/// owned label kept because unmanaged tasks carry it is a `=` block marked `(kept)` that
/// lists them (`kept: on 2 tasks not managed by us …`). Every name is printed through
/// `DisplayText` (control and bidi characters escaped).
/// Script findings that do not stop the plan (warnings) come before the closing line, one per
/// line: `file:line:col: warning: <message> [<code>] (task "cpu")`.
/// Differences `ignore` policies keep live follow in a dim `Ignored by policy` section
/// (`ignoredSection`). The closing line's destroy count is red on a terminal when it is not
/// zero. When no operation would be sent the closing line is `No changes. Live state matches
/// the manifests.` (with `, except for differences the policies ignore` when some were ignored).
public enum TextPlanRenderer {
    /// Renders `plan`; ANSI colour only when `color` is true (the CLI passes true only on a TTY
    /// without `NO_COLOR`/`--no-color`).
    public static func render(_ plan: Plan, color: Bool = false) -> String {
        let paint = Paint(enabled: color)
        var out = ""
        for change in plan.changes {
            out += block(change, plan: plan, paint: paint)
            out += "\n"
        }
        if !plan.unmanaged.isEmpty {
            let shown = plan.unmanaged.prefix(20)
            out +=
                paint.dim(
                    "Unmanaged: \(plan.unmanaged.count) live \(plural(plan.unmanaged.count, "task", "tasks")) not declared and not owned by \"\(plan.ownerLabel)\" (never touched):"
                ) + "\n"
            for ref in shown { out += paint.dim("    \(ref.kind.rawValue) \(quote(ref.name)) \(ref.id ?? "")") + "\n" }
            if plan.unmanaged.count > shown.count { out += paint.dim("    … and \(plan.unmanaged.count - shown.count) more") + "\n" }
            out += "\n"
        }
        out += ignoredSection(plan.ignored ?? [], paint: paint)
        for f in plan.findings {
            out +=
                "\(DisplayText.escaped(f.location.description)): \(f.severity.rawValue): \(DisplayText.escaped(f.message)) [\(f.code)] (task \(quote(f.task)))"
                + (f.suggestion.map { "\n    hint: did you mean \(quote($0))?" } ?? "") + "\n"
        }
        if !plan.findings.isEmpty { out += "\n" }
        let summary = plan.summary
        if plan.isEmpty, !(plan.ignored ?? []).isEmpty {
            out += paint.bold("No changes. Live state matches the manifests, except for differences the policies ignore.") + "\n"
        } else if plan.isEmpty {
            out += paint.bold("No changes. Live state matches the manifests.") + "\n"
        } else {
            let destroy = "\(summary.destroy) to destroy"
            var line =
                paint.bold("Plan: \(summary.add) to add, \(summary.change) to change, ")
                + (summary.destroy > 0 ? paint.boldRed(destroy) : paint.bold(destroy)) + paint.bold(".")
            if summary.adopt > 0 { line += paint.bold(" (\(summary.adopt) to adopt)") }
            if summary.convert > 0 { line += paint.bold(" (\(summary.convert) to convert)") }
            out += line + "\n"
        }
        if summary.wouldPrune > 0 {
            out += "\(summary.wouldPrune) owned \(plural(summary.wouldPrune, "resource", "resources")) declared by no manifest would be pruned with --prune.\n"
        }
        return out
    }

    private static func block(_ change: ResourceChange, plan: Plan, paint: Paint) -> String {
        let r = change.resource
        let symbol = change.action.symbol
        let tint: (String) -> String =
            switch change.action {
            case .create: paint.green
            case .update, .adopt: paint.yellow
            case .delete, .convert: paint.red
            case .wouldPrune: paint.magenta
            case .kept: paint.dim
            }
        var head = "\(symbol) \(r.kind.rawValue) \(quote(r.name))"
        if let id = r.id { head += " \(id)" }
        if change.action == .adopt { head += " (adopt)" }
        if change.duplicateOf != nil { head += " (duplicate)" }
        if change.action == .wouldPrune { head += " (would prune)" }
        if change.action == .kept { head += " (kept)" }
        if change.action == .convert { head += " (convert)" }
        if let location = r.location { head += " (\(DisplayText.escaped(location.description)))" }
        var out = tint(head) + "\n"
        switch change.action {
        case .delete where change.duplicateOf != nil:
            out += "    owned copy of task \(change.duplicateOf!), which is kept: will be deleted (--prune)\n"
            return out
        case .wouldPrune where change.duplicateOf != nil:
            out += "    owned copy of task \(change.duplicateOf!), which is kept: run with --prune to delete it\n"
            return out
        case .delete:
            out += "    owned by \(quote(plan.ownerLabel)), declared by no manifest: will be deleted (--prune)\n"
            return out + tasksLosing(change)
        case .wouldPrune where change.protectedBy != nil:
            out += "    owned by \(quote(plan.ownerLabel)), declared by no manifest; protected by \(DisplayText.escaped(change.protectedBy!)): --prune refuses to delete it\n"
            return out + tasksLosing(change)
        case .wouldPrune:
            out += "    owned by \(quote(plan.ownerLabel)), declared by no manifest: run with --prune to delete it\n"
            return out + tasksLosing(change)
        case .kept:
            let tasks = change.unmanagedTasks ?? []
            out +=
                "    kept: on \(tasks.count) \(plural(tasks.count, "task", "tasks")) not managed by us (owned by \(quote(plan.ownerLabel)), declared by no manifest; --prune-labels-in-use deletes it):\n"
            return out + tasks.map { "      Task \(quote($0.name)) \($0.id ?? "")\n" }.joined()
        case .convert:
            if let conversion = change.conversion { out += "    \(conversion.summary)\n" }
        default: break
        }
        let rows = change.fields.filter { $0.field != "query" }
        let width = (rows.map(\.field.count) + [change.labelsAdded.isEmpty && change.labelsRemoved.isEmpty ? 0 : 6]).max() ?? 0
        for f in rows {
            let pad = String(repeating: " ", count: width - f.field.count)
            let text: String
            switch (f.old, f.new) {
            case (nil, let new?) where change.action == .create || (change.action == .convert && f.field != "scriptID"):
                text = value(f.field, new)
            case (let old, let new): text = "\(old.map { value(f.field, $0) } ?? "(none)") → \(new.map { value(f.field, $0) } ?? "(none)")"
            }
            out += "    \(DisplayText.escaped(f.field)):\(pad) \(text)\n"
        }
        if !change.labelsAdded.isEmpty || !change.labelsRemoved.isEmpty {
            let pad = String(repeating: " ", count: max(0, width - 6))
            let items = change.labelsAdded.map { paint.green("+ \(quote($0))") } + change.labelsRemoved.map { paint.red("- \(quote($0))") }
            out += "    labels:\(pad) \(items.joined(separator: ", "))\n"
        }
        if change.action == .create || change.action == .convert, let query = change.fields.first(where: { $0.field == "query" })?.new {
            out += "    query:\n" + indent(DisplayText.escapedBlock(query), by: 6)
        } else if let diff = change.fluxDiff {
            out += "    query:\n"
            for line in diff.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                let s = DisplayText.escapedBlock(String(line))
                let painted =
                    s.hasPrefix("+++") || s.hasPrefix("---")
                    ? paint.bold(s)
                    : s.hasPrefix("+")
                        ? paint.green(s)
                        : s.hasPrefix("-")
                            ? paint.red(s)
                            : s.hasPrefix("@@") ? paint.cyan(s) : s
                out += "      \(painted)\n"
            }
        }
        return out
    }

    /// The differences `ignore` policies keep live, one resource at a time:
    /// ```
    /// Ignored by policy (the live value is kept; nothing is sent):
    ///     Task "noisy" 0a1b2c3d4e5f6a7b (tasks/noisy.yml:1:1)
    ///       status: live "inactive", manifest "active" (influxsync.yaml:4)
    /// ```
    /// Empty when nothing was ignored.
    static func ignoredSection(_ entries: [IgnoredResource], paint: Paint) -> String {
        guard !entries.isEmpty else { return "" }
        var out = paint.dim("Ignored by policy (the live value is kept; nothing is sent):") + "\n"
        for entry in entries {
            let r = entry.resource
            var head = "    \(r.kind.rawValue) \(quote(r.name))"
            if let id = r.id { head += " \(id)" }
            if let location = r.location { head += " (\(DisplayText.escaped(location.description)))" }
            out += paint.dim(head) + "\n"
            for f in entry.fields {
                let live = f.live.map(quote) ?? "(none)"
                let manifest = f.manifest.map(quote) ?? "(none)"
                out += paint.dim("      \(DisplayText.escaped(f.field)): live \(live), manifest \(manifest) (\(DisplayText.escaped(f.rule)))") + "\n"
            }
        }
        return out + "\n"
    }

    /// For a label pruned with `--prune-labels-in-use`: the unmanaged tasks that lose it.
    private static func tasksLosing(_ change: ResourceChange) -> String {
        guard let tasks = change.unmanagedTasks, !tasks.isEmpty else { return "" }
        let will = change.action == .delete ? "will be taken off" : "would be taken off"
        return "    \(will) \(tasks.count) \(plural(tasks.count, "task", "tasks")) not managed by us (--prune-labels-in-use):\n"
            + tasks.map { "      Task \(quote($0.name)) \($0.id ?? "")\n" }.joined()
    }

    private static func value(_ field: String, _ text: String) -> String {
        switch field {
        case "name", "description", "cron", "color": quote(text)
        default: DisplayText.escaped(text)
        }
    }

    /// `"name"`, escaped for a terminal (`DisplayText.quoted`).
    static func quote(_ s: String) -> String { DisplayText.quoted(s) }

    private static func indent(_ text: String, by n: Int) -> String {
        let pad = String(repeating: " ", count: n)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n") + (text.hasSuffix("\n") ? "" : "\n")
    }

    private static func plural(_ n: Int, _ one: String, _ many: String) -> String { n == 1 ? one : many }
}

/// ANSI styling that is a no-op when disabled.
struct Paint {
    let enabled: Bool
    private func wrap(_ code: String, _ s: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func green(_ s: String) -> String { wrap("32", s) }
    func yellow(_ s: String) -> String { wrap("33", s) }
    func red(_ s: String) -> String { wrap("31", s) }
    func magenta(_ s: String) -> String { wrap("35", s) }
    func cyan(_ s: String) -> String { wrap("36", s) }
    func bold(_ s: String) -> String { wrap("1", s) }
    func boldRed(_ s: String) -> String { wrap("1;31", s) }
    func dim(_ s: String) -> String { wrap("2", s) }
}
