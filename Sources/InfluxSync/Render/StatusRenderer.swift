/// Renders `influxsync status`: one row per managed task (name, status, schedule, latest
/// completed, last run status, missed flag, run strip) with its error, stuck, not-started and
/// unavailable details indented below, as text, JSON or Markdown. The input is a
/// `DriftReport` (its run health; findings are not shown).
public enum StatusRenderer {
    /// Plain text; `color` puts coloured cells in the run strip.
    public static func text(_ report: DriftReport, color: Bool) -> String {
        let n = report.runHealth.count
        var out = "Status of \(n) managed \(n == 1 ? "task" : "tasks") in org \(DisplayText.escaped(report.orgLabel)) at \(report.checkedAt)\n"
        if let note = report.schedulerNote { out += "Note: \(DisplayText.escaped(note)).\n" }
        guard n > 0 else { return out + "\nNo managed task is live.\n" }
        let header = ["TASK", "ID", "STATUS", "SCHEDULE", "LATEST COMPLETED", "LAST RUN", "MISSED", "RUNS (oldest first)"]
        let rows = report.runHealth.map { h in
            [h.task.name, h.task.id ?? "", h.status, h.schedule ?? "-", h.latestCompleted ?? "never", h.lastRunStatus ?? "none"]
                .map(DisplayText.escaped) + [h.missed ? "MISSED" : "no", RunStrip.render(h.recentRuns, color: color)]
        }
        let widths = (0..<header.count - 1).map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            var s = ""
            for (i, cell) in cells.enumerated() {
                s += i < widths.count ? cell + String(repeating: " ", count: widths[i] - cell.count + 2) : cell
            }
            return s + "\n"
        }
        out += "\n" + line(header)
        for (h, row) in zip(report.runHealth, rows) {
            out += line(row)
            if let error = h.lastRunError { out += "    error: \(DisplayText.escaped(error))\n" }
            if let stuck = h.stuck { out += "    stuck: \(DisplayText.escaped(stuck))\n" }
            if let notStarted = h.notStarted { out += "    not started: \(DisplayText.escaped(notStarted))\n" }
            if let reason = h.unavailable { out += "    health unavailable: \(DisplayText.escaped(reason))\n" }
        }
        out += "\n\(report.failing.count) failing, \(report.missed.count) missed\(report.extraHealthCounts) (\(n) managed \(n == 1 ? "task" : "tasks") checked).\n"
        return out
    }

    /// JSON: `formatVersion` 1, `orgID`, `orgName`, `checkedAt`, `schedulerNote` and `tasks`
    /// (each as a drift report's `runHealth` entry, schemas/drift.schema.json `$defs/health`).
    public static func json(_ report: DriftReport) -> String {
        encodeJSON(Document(report: report))
    }

    struct Document: Encodable {
        let report: DriftReport
        enum Keys: String, CodingKey { case formatVersion, orgID, orgName, checkedAt, schedulerNote, tasks }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(1, forKey: .formatVersion)
            try c.encode(report.orgID, forKey: .orgID)
            try c.encode(report.orgName, forKey: .orgName)
            try c.encode(report.checkedAt, forKey: .checkedAt)
            try c.encode(report.schedulerNote, forKey: .schedulerNote)
            try c.encode(report.runHealth.map(JSONDriftRenderer.Health.init), forKey: .tasks)
        }
    }

    /// Markdown: a table with the strip (symbols, never colours) and the details per task.
    public static func markdown(_ report: DriftReport) -> String {
        var out = "## influxsync status\n\n"
        if let note = report.schedulerNote { out += "> [!NOTE]\n> \(MarkdownText.html(note)).\n\n" }
        out += "| Task | Status | Schedule | Latest completed | Last run | Missed | Runs | Details |\n|---|---|---|---|---|---|---|---|\n"
        for h in report.runHealth {
            var details: [String] = []
            if let e = h.lastRunError { details.append("error: " + e) }
            if let s = h.stuck { details.append("stuck: " + s) }
            if let s = h.notStarted { details.append("not started: " + s) }
            if let s = h.unavailable { details.append("health unavailable: " + s) }
            out +=
                "| \(MarkdownText.code(h.task.name)) | \(MarkdownText.code(h.status)) | \(MarkdownText.cell(h.schedule)) | \(MarkdownText.cell(h.latestCompleted)) | \(MarkdownText.cell(h.lastRunStatus)) | \(h.missed ? "**missed**" : "no") | \(RunStrip.render(h.recentRuns, color: false)) | \(MarkdownText.serverCell(details.isEmpty ? nil : details.joined(separator: "; "))) |\n"
        }
        out += "\n<sub>org <code>\(MarkdownText.html(report.orgLabel))</code> · checked at \(report.checkedAt)</sub>\n"
        return out
    }
}
