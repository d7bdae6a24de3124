/// Renders a plan as GitHub-flavoured Markdown for a pull-request comment or a job summary.
///
/// Layout: a heading; a `> [!WARNING]` line naming what will be deleted when anything will
/// (it leads, so a reviewer cannot miss it); the closing line (`Plan: N to add, N to change,
/// N to destroy.` or `No changes. Live state matches the manifests.`); a summary table (Add / Change / Destroy / Adopt / Would prune);
/// the script findings (warnings), when there are any;
/// one collapsible `<details>` section per changed resource (ID, manifest location, a field
/// table `old → new`, labels attached/detached, the Flux diff in a ```diff block — or a new
/// task's query in a ```flux block — and the requests apply sends); then the differences
/// `ignore` policies keep live (a table), then the unmanaged tasks.
///
/// Size: the result never exceeds `characterLimit` UTF-16 code units (GitHub rejects comments
/// over 65,536 characters). When the sections do not all fit, the first ones are kept in full,
/// a `> [!NOTE]` says how many resources were cut and of which actions, and the cut resources
/// are then listed one per line for as long as space allows, followed by `…and N more`.
public enum MarkdownPlanRenderer {
    /// GitHub's limit for an issue or pull-request comment body.
    public static let defaultCharacterLimit = 65_536

    /// The plan as Markdown, at most `characterLimit` UTF-16 code units long.
    public static func render(_ plan: Plan, characterLimit: Int = defaultCharacterLimit) -> String {
        let head = header(plan)
        let footer = "\n<sub>org <code>\(MarkdownText.html(plan.orgID))</code> · owner label <code>\(MarkdownText.html(plan.ownerLabel))</code> · rendered by influxsync</sub>\n"
        let sections = plan.changes.map { section($0, ownerLabel: plan.ownerLabel) }
        let unmanagedFull = ignoredSection(plan.ignored ?? []) + unmanagedSection(plan.unmanaged)
        let full = head + sections.joined() + unmanagedFull + footer
        if size(full) <= characterLimit { return full }

        // Cut: keep whole sections first, then list the rest by name while space allows.
        let ignoredShort =
            (plan.ignored ?? []).isEmpty
            ? ""
            : "\n### Ignored by policy (\(MarkdownText.number(plan.ignored!.count)))\n\nNot listed: the output was cut to fit the size limit.\n"
        let unmanagedShort =
            ignoredShort
            + (plan.unmanaged.isEmpty
                ? ""
                : "\n### Unmanaged tasks (\(MarkdownText.number(plan.unmanaged.count)))\n\nNot listed: the output was cut to fit the size limit.\n")
        let noteReserve = 700
        let listReserve = min(4_000, max(0, characterLimit / 8))
        var budget = characterLimit - size(head) - size(footer) - size(unmanagedShort) - noteReserve
        var shown = 0
        var body = ""
        for s in sections {
            guard size(s) <= budget - listReserve else { break }
            body += s
            budget -= size(s)
            shown += 1
        }
        let omitted = Array(plan.changes[shown...])
        let note = cutNote(omitted: omitted, total: plan.changes.count, limit: characterLimit)
        body += note
        budget -= size(note) - noteReserve

        var listed = ""
        var listedCount = 0
        let moreReserve = 80
        let listHead = "\nNot shown in detail:\n\n"
        if !omitted.isEmpty && budget - size(listHead) - moreReserve > 0 {
            var room = budget - size(listHead) - moreReserve
            for change in omitted {
                let line = "- \(symbol(change.action)) \(change.action.rawValue) \(change.resource.kind.rawValue) \(MarkdownText.code(change.resource.name))\n"
                guard size(line) <= room else { break }
                listed += line
                room -= size(line)
                listedCount += 1
            }
            if listedCount > 0 { body += listHead + listed }
        }
        if listedCount < omitted.count {
            body += "- …and \(MarkdownText.number(omitted.count - listedCount)) more\n"
        }
        budget = characterLimit - size(head) - size(body) - size(footer)
        let unmanaged = size(unmanagedFull) <= budget ? unmanagedFull : unmanagedShort
        return head + body + unmanaged + footer
    }

    static func size(_ s: String) -> Int { s.utf16.count }

    /// The same closing line as `TextPlanRenderer`.
    static func closingLine(_ plan: Plan) -> String {
        let s = plan.summary
        if plan.isEmpty, !(plan.ignored ?? []).isEmpty { return "No changes. Live state matches the manifests, except for differences the policies ignore." }
        if plan.isEmpty { return "No changes. Live state matches the manifests." }
        var line = "Plan: \(s.add) to add, \(s.change) to change, \(s.destroy) to destroy."
        if s.adopt > 0 { line += " (\(s.adopt) to adopt)" }
        if s.convert > 0 { line += " (\(s.convert) to convert)" }
        return line
    }

    static func header(_ plan: Plan) -> String {
        let s = plan.summary
        var out = "## influxsync plan\n"
        // The deletion warning leads, before anything else a reviewer might stop at.
        let deletes = plan.changes.filter { $0.action == .delete }
        if !deletes.isEmpty {
            let shownNames = deletes.prefix(20).map { "\($0.resource.kind.rawValue) \(MarkdownText.code($0.resource.name))" }
            var list = shownNames.joined(separator: ", ")
            if deletes.count > 20 { list += " and \(MarkdownText.number(deletes.count - 20)) more" }
            let noun = deletes.count == 1 ? "resource" : "resources"
            out += "\n> [!WARNING]\n> **This plan deletes \(MarkdownText.number(deletes.count)) \(noun):** \(list).\n"
        }
        let conversions = plan.changes.filter { $0.action == .convert }
        if !conversions.isEmpty {
            let list = conversions.map { "Task \(MarkdownText.code($0.resource.name))" }.joined(separator: ", ")
            out +=
                "\n> [!WARNING]\n> **This plan converts \(MarkdownText.number(conversions.count)) \(conversions.count == 1 ? "task" : "tasks") between a script task and a Flux task:** \(list); each is replaced (a new ID).\n"
        }
        out += "\n**\(closingLine(plan))**\n"
        out += "\n| Add | Change | Destroy | Adopt | Would prune |\n|---:|---:|---:|---:|---:|\n"
        out += "| \(s.add) | \(s.change) | \(s.destroy) | \(s.adopt) | \(s.wouldPrune) |\n"
        return out + findingsSection(plan.findings)
    }

    /// `### Findings (N)` then one line per script finding (at most 50, then `…and N more`);
    /// empty without findings. Part of the head: never cut.
    static func findingsSection(_ findings: [ScriptFinding]) -> String {
        guard !findings.isEmpty else { return "" }
        var out = "\n### Findings (\(MarkdownText.number(findings.count)))\n\n"
        for f in findings.prefix(50) {
            out +=
                "- **\(f.severity.rawValue)** \(MarkdownText.code(f.code.rawValue)) Task \(MarkdownText.code(f.task)) at \(MarkdownText.code(f.location.description)): "
                + MarkdownText.html(f.message) + (f.suggestion.map { " (did you mean \(MarkdownText.code($0))?)" } ?? "") + "\n"
        }
        if findings.count > 50 { out += "- …and \(MarkdownText.number(findings.count - 50)) more\n" }
        return out
    }

    static func symbol(_ action: ResourceChange.Action) -> String {
        "<code>\(action.symbol)</code>"
    }

    static func section(_ change: ResourceChange, ownerLabel: String) -> String {
        let r = change.resource
        var out =
            "\n<details>\n<summary>\(symbol(change.action)) <b>\(change.action.rawValue)</b> \(r.kind.rawValue) \(MarkdownText.code(r.name))\(change.duplicateOf == nil ? "" : " (duplicate)")</summary>\n\n"
        var facts: [String] = []
        if let id = r.id { facts.append("ID \(MarkdownText.code(id))") }
        if let loc = r.location { facts.append("declared at \(MarkdownText.code(loc.description))") }
        if !facts.isEmpty { out += facts.joined(separator: " · ") + "\n\n" }
        switch change.action {
        case .wouldPrune where change.duplicateOf != nil:
            out += "Owned copy of task \(MarkdownText.code(change.duplicateOf!)), which is kept (several owned tasks matched one manifest): `--prune` would delete it.\n\n"
        case .delete where change.duplicateOf != nil:
            out += "Owned copy of task \(MarkdownText.code(change.duplicateOf!)), which is kept (several owned tasks matched one manifest): **will be deleted**.\n\n"
        case .adopt: out += "Live but not owned: apply attaches the owner label \(MarkdownText.code(ownerLabel)).\n\n"
        case .wouldPrune where change.protectedBy != nil:
            out += "Owned but declared by no manifest; protected by \(MarkdownText.code(change.protectedBy!)): `--prune` refuses to delete it.\n\n"
        case .wouldPrune: out += "Owned but declared by no manifest: `--prune` would delete it.\n\n"
        case .delete: out += "Owned but declared by no manifest: **will be deleted**.\n\n"
        case .kept:
            let n = change.unmanagedTasks?.count ?? 0
            out += "Kept: on \(MarkdownText.number(n)) \(n == 1 ? "task" : "tasks") not managed by us (owned but declared by no manifest; `--prune-labels-in-use` deletes it).\n\n"
        case .convert:
            if let conversion = change.conversion { out += "Converted, \(MarkdownText.html(conversion.summary)). Needs `--allow-conversion`.\n\n" }
        case .create, .update: break
        }
        if let tasks = change.unmanagedTasks, !tasks.isEmpty {
            let lead =
                switch change.action {
                case .kept: "Carried by"
                case .delete: "Taken off these tasks not managed by us"
                default: "Would be taken off these tasks not managed by us"
                }
            out += "\(lead): \(tasks.map { "Task \(MarkdownText.code($0.name))\($0.id.map { " (\(MarkdownText.code($0)))" } ?? "")" }.joined(separator: ", "))\n\n"
        }
        // The query is shown as a diff (or, for a new task, as a Flux block), not in the table.
        let rows = change.fields.filter { $0.field != "query" }
        if !rows.isEmpty {
            out += "| Field | Live | Manifest |\n|---|---|---|\n"
            for f in rows {
                out += "| \(MarkdownText.html(f.field)) | \(MarkdownText.cell(f.old)) | \(MarkdownText.cell(f.new)) |\n"
            }
            out += "\n"
        }
        if !change.labelsAdded.isEmpty {
            out += "Labels attached: \(change.labelsAdded.map(MarkdownText.code).joined(separator: ", "))\n\n"
        }
        if !change.labelsRemoved.isEmpty {
            out += "Labels detached: \(change.labelsRemoved.map(MarkdownText.code).joined(separator: ", "))\n\n"
        }
        if let diff = change.fluxDiff {
            out += MarkdownText.fenced(diff, language: "diff") + "\n"
        } else if let query = change.fields.first(where: { $0.field == "query" })?.new {
            out += "Query:\n\n" + MarkdownText.fenced(query, language: "flux") + "\n"
        }
        if !change.operations.isEmpty {
            out += "Requests:\n"
            for op in change.operations { out += "- \(MarkdownText.code("\(op.method) \(op.path)"))\n" }
            out += "\n"
        }
        return out + "</details>\n"
    }

    /// `### Ignored by policy (N)` and a table of every ignored difference: resource, field,
    /// live value (kept), manifest value (not sent), rule. Empty when nothing was ignored.
    static func ignoredSection(_ entries: [IgnoredResource]) -> String {
        guard !entries.isEmpty else { return "" }
        var out = "\n### Ignored by policy (\(MarkdownText.number(entries.count)))\n\nThe live value is kept and nothing is sent (`policies.ignore` of influxsync.yaml).\n\n"
        out += "| Resource | Field | Live (kept) | Manifest | Rule |\n|---|---|---|---|---|\n"
        for entry in entries {
            let r = entry.resource
            let name = "\(r.kind.rawValue) \(MarkdownText.code(r.name))" + (r.id.map { " (\(MarkdownText.code($0)))" } ?? "")
            for f in entry.fields {
                out += "| \(name) | \(MarkdownText.code(f.field)) | \(MarkdownText.cell(f.live)) | \(MarkdownText.cell(f.manifest)) | \(MarkdownText.code(f.rule)) |\n"
            }
        }
        return out
    }

    static func unmanagedSection(_ refs: [ResourceRef]) -> String {
        guard !refs.isEmpty else { return "" }
        var out = "\n### Unmanaged tasks (\(MarkdownText.number(refs.count)))\n\nIn the org, declared by no manifest and not owned: reported, never touched.\n\n"
        for r in refs {
            out += "- \(r.kind.rawValue) \(MarkdownText.code(r.name))"
            if let id = r.id { out += " (\(MarkdownText.code(id)))" }
            out += "\n"
        }
        return out
    }

    static func cutNote(omitted: [ResourceChange], total: Int, limit: Int) -> String {
        var counts: [(String, Int)] = []
        for (action, label) in [
            (ResourceChange.Action.create, "to add"), (.update, "to change"), (.adopt, "to adopt"), (.delete, "to destroy"), (.convert, "to convert"), (.wouldPrune, "would prune"),
            (.kept, "kept"),
        ] {
            let n = omitted.filter { $0.action == action }.count
            if n > 0 { counts.append((label, n)) }
        }
        let breakdown = counts.map { "\(MarkdownText.number($0.1)) \($0.0)" }.joined(separator: ", ")
        return
            "\n> [!NOTE]\n> Output cut to stay under the \(MarkdownText.number(limit))-character limit: \(MarkdownText.number(omitted.count)) of \(MarkdownText.number(total)) resources are not shown in detail (\(breakdown)). Run `influxsync plan --format json` for the full plan.\n"
    }
}
