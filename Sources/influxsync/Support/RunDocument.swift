import ArgumentParser
import InfluxAPI
import InfluxSync

/// What `run`, `retry` and `cancel` print with `--format json`: one versioned document.
enum RunDocument {
    /// `text` (the sentence) or `json` (`schemas/run.schema.json`).
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    /// `{"formatVersion": 1, "task": {"id", "name"}, "run": {…}}` for a run started or retried
    /// (the run object as the server answered it, §12.1), or, for `cancel`,
    /// `{"formatVersion": 1, "task": {…}, "canceledRunID": "…"}`.
    static func render(task: InfluxTask, run: InfluxRun? = nil, canceledRunID: String? = nil) -> String {
        struct Doc: Encodable {
            var formatVersion = 1
            var task: TaskReference
            var run: InfluxRun?
            var canceledRunID: String?
        }
        return encodeJSON(Doc(task: TaskReference(id: task.id, name: task.name), run: run, canceledRunID: canceledRunID))
    }

    /// `--format json` prints the run as the server answered at once; following it is text.
    static func refuseWithWait(_ format: Format, wait: Bool) throws {
        if format == .json && wait {
            throw ValidationError("--format json prints the run as started and cannot be combined with --wait (which follows its log as text).")
        }
    }
}
