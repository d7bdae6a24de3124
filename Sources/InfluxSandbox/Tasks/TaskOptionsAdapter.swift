import Flux

// The one seam between the sandbox and the Flux target (influxdb-api.md §4.3, §7.3–§7.4).
// Everything the server needs from Flux goes through `TaskOptionsAdapter`: option extraction
// and validation (`InfluxTaskOptionsValidator`), and the option-field PATCH rewrite
// (`TaskScriptEditor`, which re-prints with `FluxFormatter`).

/// A failure of task-script handling; the routes wrap it into InfluxDB's messages.
enum TaskScriptFailure: Error, Equatable {
    /// Option extraction failed (§4.3); 400. The detail goes after `invalid options: `.
    case invalidOptions(String)
    /// The offset is not a Go duration (§4.2 step 6); 500. The full message
    /// (`unexpected error parsing time: …`).
    case offsetParse(String)
    /// The base script of a PATCH does not parse (§7.3 A2); 500. `loc l:c-l:c: message`.
    case syntax(String)
    /// The PATCH base script has no `option task` record (§7.3 A5); 500.
    case unableToEdit
    /// Any other message (duration parsing).
    case message(String)

    /// The text of the failure without InfluxDB's `failed to …` prefixes.
    var text: String {
        switch self {
        case .invalidOptions(let m): return "invalid options: \(m)"
        case .offsetParse(let m): return m
        case .syntax(let m): return m
        case .unableToEdit: return "unable to edit option"
        case .message(let m): return m
        }
    }

    /// True for failures InfluxDB reports as 400 `invalid`; the others are 500s.
    var isInvalid: Bool {
        if case .invalidOptions = self { return true }
        return false
    }
}

/// The task fields InfluxDB derives from a script's `option task` record (§3, §4.3).
struct ExtractedTaskOptions: Equatable, Sendable {
    var name: String
    /// The `every` duration as written (magnitude+unit pairs in source order).
    var every: String?
    var cron: String?
    /// The offset in nanoseconds; 0 when absent.
    var offsetNanoseconds: Int64
}

/// The option edits of a PATCH (§7.3 A3).
struct TaskScriptEdits: Equatable, Sendable {
    /// An offset edit: set to a duration text, or remove the key.
    enum Offset: Equatable, Sendable {
        case set(String)
        case remove
    }

    var name: String?
    var every: String?
    var cron: String?
    var offset: Offset?

    /// True when nothing is to be edited (the script is then used verbatim).
    var isEmpty: Bool { name == nil && every == nil && cron == nil && offset == nil }
}

/// Task-script operations the sandbox needs from the Flux target.
enum TaskOptionsAdapter {
    /// Extracts and validates the `option task` record (§4.3, then §4.2 step 6).
    /// - Throws: `.invalidOptions(detail)` (400) or `.offsetParse(message)` (500).
    static func extract(from flux: String) throws(TaskScriptFailure) -> ExtractedTaskOptions {
        let fields: InfluxTaskFields
        do { fields = try InfluxTaskOptionsValidator.validate(flux) } catch {
            switch error.stage {
            case .options: throw .invalidOptions(String(error.message.dropFirst(error.message.hasPrefix("invalid options: ") ? 17 : 0)))
            case .offsetParse: throw .offsetParse(error.message)
            }
        }
        var offset: Int64 = 0
        if let text = fields.offset {
            do { offset = try GoDuration.parse(text) } catch { throw .offsetParse("unexpected error parsing time: \(error.text)") }
        }
        return ExtractedTaskOptions(name: fields.name, every: fields.every, cron: fields.cron, offsetNanoseconds: offset)
    }

    /// Applies PATCH option edits to a base script (§7.3 A2–A6): the base is parsed; with no
    /// edits it is returned verbatim, otherwise the record is edited in place and the whole
    /// script re-printed by the Flux formatter (§7.4).
    /// - Throws: `.syntax` when the base script does not parse, `.unableToEdit` without an
    ///   `option task` record.
    static func apply(_ edits: TaskScriptEdits, to base: String) throws(TaskScriptFailure) -> String {
        var fluxEdits = TaskOptionEdits(name: edits.name, every: edits.every, cron: edits.cron)
        switch edits.offset {
        case .set(let text): fluxEdits.offset = .set(text)
        case .remove: fluxEdits.offset = .remove
        case nil: break
        }
        do { return try TaskScriptEditor.apply(fluxEdits, to: base) } catch {
            switch error {
            case .syntax: throw .syntax(error.description)
            case .noOptionTask: throw .unableToEdit
            }
        }
    }
}
