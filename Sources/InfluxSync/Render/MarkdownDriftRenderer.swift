/// Renders a drift report as GitHub-flavoured Markdown (an issue comment or a job summary):
/// a summary table, one `<details>` section per finding (field table, Flux diff in a ```diff
/// block), and a run-health table. Never longer than `characterLimit` UTF-16 code units: when
/// the sections do not fit, the first ones are kept and a `> [!NOTE]` says how many were cut.
public enum MarkdownDriftRenderer {
    /// The report as Markdown.
    public static func render(_ report: DriftReport, characterLimit: Int = MarkdownPlanRenderer.defaultCharacterLimit) -> String {
        let k = { (kind: DriftFinding.Kind) in report.findingsOf(kind).count }
        var head = "## influxsync drift report\n\n**\(report.summaryLine)**\n\n"
        if report.hasFindings(in: [.failing]) {
            head +=
                "> [!WARNING]\n> **\(report.failing.count) managed \(report.failing.count == 1 ? "task is" : "tasks are") failing:** \(report.failing.prefix(20).map { MarkdownText.code($0.task.name) }.joined(separator: ", "))\(report.failing.count > 20 ? " and more" : "").\n\n"
        }
        head += "| Changed | Missing | Unmanaged | Owned, undeclared | Not owned | Duplicate | Failing | Missed |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        head +=
            "| \(k(.changed)) | \(k(.missing)) | \(k(.unmanaged)) | \(k(.ownedUndeclared)) | \(k(.notOwned)) | \(k(.duplicate)) | \(report.failing.count) | \(report.missed.count) |\n"
        if let scriptFindings = report.scriptFindings, !scriptFindings.isEmpty {
            head += "> [!WARNING]\n> **What the scripts name that the org does not have** (their runs fail):\n"
            for f in scriptFindings.prefix(20) {
                head += "> - \(MarkdownText.code(f.location.description)): \(MarkdownText.html(f.message)) (task \(MarkdownText.code(f.task)))\n"
            }
            if scriptFindings.count > 20 { head += "> - and \(scriptFindings.count - 20) more\n" }
            head += "\n"
        }
        let health = healthTable(report.runHealth)
        let note = report.schedulerNote.map { "\n> [!NOTE]\n> \(MarkdownText.html($0)).\n" } ?? ""
        let footer =
            note
            + "\n<sub>org <code>\(MarkdownText.html(report.orgLabel))</code> · owner label <code>\(MarkdownText.html(report.ownerLabel))</code> · checked at \(report.checkedAt)</sub>\n"
        let sections = report.findings.map(section)
        let full = head + sections.joined() + health + footer
        if full.utf16.count <= characterLimit { return full }

        let noteReserve = 400
        var budget = characterLimit - head.utf16.count - footer.utf16.count - noteReserve
        let healthPart =
            health.utf16.count <= budget / 2
            ? health : "\n### Run health\n\nNot listed: the output was cut to fit the size limit (\(report.failing.count) failing, \(report.missed.count) missed).\n"
        budget -= healthPart.utf16.count
        var body = ""
        var shown = 0
        for s in sections {
            guard s.utf16.count <= budget else { break }
            body += s
            budget -= s.utf16.count
            shown += 1
        }
        let cut = report.findings.count - shown
        body +=
            "\n> [!NOTE]\n> Output cut to stay under the \(MarkdownText.number(characterLimit))-character limit: \(MarkdownText.number(cut)) of \(MarkdownText.number(report.findings.count)) findings are not shown. Run `influxsync drift --format json` for the full report.\n"
        return head + body + healthPart + footer
    }

    static func section(_ f: DriftFinding) -> String {
        let r = f.resource
        let what: String
        switch f.kind {
        case .changed: what = "differs from the manifests (changed outside git, or an edit not applied yet)"
        case .missing: what = "missing (deleted outside git, or never applied)"
        case .unmanaged: what = "unmanaged (not declared, not owned)"
        case .ownedUndeclared: what = "owned but no longer declared"
        case .notOwned: what = "declared but not owned"
        case .duplicate: what = "duplicate of \(f.duplicateOf ?? "?")"
        case .ignored: what = "differences an ignore policy keeps live (\((f.policyRules ?? []).joined(separator: ", ")))"
        }
        var out = "\n<details>\n<summary><b>\(f.kind.rawValue)</b> \(r.kind.rawValue) \(MarkdownText.code(r.name)): \(MarkdownText.html(what))</summary>\n\n"
        var facts: [String] = []
        if let id = r.id { facts.append("ID \(MarkdownText.code(id))") }
        if let loc = r.location { facts.append("declared at \(MarkdownText.code(loc.description))") }
        if !facts.isEmpty { out += facts.joined(separator: " · ") + "\n\n" }
        let rows = f.fields.filter { $0.field != "query" || f.fluxDiff == nil }
        if !rows.isEmpty {
            out += "| Field | Live | Manifests |\n|---|---|---|\n"
            for c in rows { out += "| \(MarkdownText.html(c.field)) | \(MarkdownText.cell(c.old)) | \(MarkdownText.cell(c.new)) |\n" }
            out += "\n"
        }
        if !f.labelsMissing.isEmpty { out += "Labels in the manifests but not live: \(f.labelsMissing.map(MarkdownText.code).joined(separator: ", "))\n\n" }
        if !f.labelsExtra.isEmpty { out += "Labels live but not in the manifests: \(f.labelsExtra.map(MarkdownText.code).joined(separator: ", "))\n\n" }
        if let diff = f.fluxDiff { out += MarkdownText.fenced(diff, language: "diff") + "\n" }
        return out + "</details>\n"
    }

    static func healthTable(_ health: [TaskRunHealth]) -> String {
        var out = "\n### Run health (\(health.count) managed \(health.count == 1 ? "task" : "tasks"))\n\n"
        guard !health.isEmpty else { return out + "No managed task is live.\n" }
        out += "| Task | State | Schedule | Last run | Latest completed | Error |\n|---|---|---|---|---|---|\n"
        for h in health {
            var state: [String] = []
            if h.failing { state.append("**failing**") }
            if h.missed { state.append("**missed**" + (h.missedThreshold.map { " (none within \(MarkdownText.html($0)))" } ?? "")) }
            if let stuck = h.stuck { state.append("**stuck** (\(MarkdownText.code(MarkdownText.serverText(stuck))))") }
            if let notStarted = h.notStarted { state.append("**not started** (\(MarkdownText.code(MarkdownText.serverText(notStarted))))") }
            if let reason = h.unavailable { state.append("**health unavailable** (\(MarkdownText.code(MarkdownText.serverText(reason))))") }
            if state.isEmpty { state.append(h.status == "inactive" ? "inactive" : "ok") }
            out +=
                "| \(MarkdownText.code(h.task.name)) | \(state.joined(separator: ", ")) | \(MarkdownText.cell(h.schedule)) | \(MarkdownText.cell(h.lastRunStatus)) | \(MarkdownText.cell(h.latestCompleted)) | \(MarkdownText.serverCell(h.lastRunError)) |\n"
        }
        return out
    }
}
