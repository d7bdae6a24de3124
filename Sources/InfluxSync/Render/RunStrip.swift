/// A task's recent runs as a strip of cells, oldest first: `✓` success, `✗` failed, `⊘`
/// canceled, `…` scheduled or started. With colour (a terminal), each cell is a coloured
/// block instead: green, red, grey, yellow.
public enum RunStrip {
    /// The strip for `runs`; `(no runs)` when empty.
    public static func render(_ runs: [TaskRunHealth.RunOutcome], color: Bool) -> String {
        guard !runs.isEmpty else { return "(no runs)" }
        return runs.map { cell($0.status, color: color) }.joined()
    }

    /// One cell.
    public static func cell(_ status: String, color: Bool) -> String {
        let (symbol, ansi): (String, String)
        switch status {
        case "success": (symbol, ansi) = ("✓", "32")
        case "failed": (symbol, ansi) = ("✗", "31")
        case "canceled": (symbol, ansi) = ("⊘", "90")
        default: (symbol, ansi) = ("…", "33")
        }
        return color ? "\u{1B}[\(ansi)m■\u{1B}[0m" : symbol
    }
}
