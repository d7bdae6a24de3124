/// A script read once for every use: its split (`FluxScript`: imports, `option task` record,
/// body, comparison key) and its syntax tree (`FluxFile`) come from a single scan of the
/// text, so the manifest checks and the planner never read the script we send again.
///
/// Each result is what its own reader gives for the same text: `script` is
/// `FluxScript(parsing:)`, `syntax` is `FluxParser.parse` (a lexical error fails both).
public struct FluxScriptReading: Sendable {
    /// The split, or why `FluxScript(parsing:)` refuses the text.
    public let script: Result<FluxScript, FluxError>
    /// The syntax tree, or the syntax error `FluxParser.parse` reports.
    public let syntax: Result<FluxFile, FluxError>

    /// Reads `source` (normalised first, see `FluxLexer.normalize`) with one scan.
    public init(_ source: String) {
        FluxReadCounter.count()
        let normalized = FluxLexer.normalize(source)
        var text = normalized
        let (script, syntax) = text.withUTF8 { b -> (Result<FluxScript, FluxError>, Result<FluxFile, FluxError>) in
            let all: [FluxRawToken]
            do throws(FluxError) {
                all = try FluxByteScanner.scan(b)
            } catch {
                return (.failure(error), .failure(error))
            }
            let script: Result<FluxScript, FluxError>
            do throws(FluxError) {
                let parts = try FluxScriptParts(source: normalized, bytes: b, tokens: all)
                script = .success(FluxScript(parts: parts, options: try parts.record?.taskOptions()))
            } catch {
                script = .failure(error)
            }
            let syntax: Result<FluxFile, FluxError>
            do throws(FluxError) {
                var state = ParserState(raw: all, in: b)
                syntax = .success(try state.parseFile())
            } catch {
                syntax = .failure(error)
            }
            return (script, syntax)
        }
        self.script = script
        self.syntax = syntax
    }

    /// The syntax tree alone, read as `init(_:)` reads it (the same single scan and parser,
    /// so the same tree or the same error), without the split: for a reader that does not keep
    /// the `FluxScript` (the load's script checks; the planner parses a script it needs).
    public static func syntax(of source: String) -> Result<FluxFile, FluxError> {
        FluxReadCounter.count()
        var text = FluxLexer.normalize(source)
        return text.withUTF8 { b -> Result<FluxFile, FluxError> in
            do throws(FluxError) {
                var state = ParserState(raw: try FluxByteScanner.scan(b), in: b)
                return .success(try state.parseFile())
            } catch {
                return .failure(error)
            }
        }
    }
}
