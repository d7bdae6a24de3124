import Foundation
import Yams

/// Values for `{envRef: {key}}` references read from a file (`--env-file FILE`): either a YAML
/// mapping of keys to single values, or `KEY=value` lines (blank lines and `#` comments
/// skipped, an optional `export ` prefix, one pair of surrounding `"` or `'` removed).
public enum EnvFile {
    /// Parses `text` read from `path` (used in messages).
    /// - Throws: `ConfigError` naming `path:line` for a line that is neither a comment nor
    ///   `KEY=value`, or a YAML value that is not a single value; `path:line:column` and the
    ///   character for an invisible one in the structure (`StructureCharacterCheck`).
    public static func parse(_ text: String, path: String) throws(ConfigError) -> [String: String] {
        // Shown as a space, a no-break space after `key:` would turn the YAML mapping into one
        // string and the file into a puzzling "expected KEY=value".
        if let invisible = StructureCharacterCheck.problems(in: ManifestText(path: path, rawText: text, format: .templates)).first {
            throw ConfigError("\(invisible.location.map { "\($0)" } ?? path): \(invisible.message)", hint: invisible.hint ?? "")
        }
        if let node = try? Yams.compose(yaml: text), let mapping = node.mapping {
            var values: [String: String] = [:]
            for (key, value) in mapping {
                guard let name = key.scalar?.string else { continue }
                guard let scalar = value.scalar else {
                    let line = (value.mark?.line ?? 0)
                    throw ConfigError(
                        "\(path):\(line): the value of \(name) is not a single value",
                        hint: "write `\(name): <value>` (quote values that contain `: ` or start with `#`)")
                }
                values[name] = scalar.string
            }
            return values
        }
        var values: [String: String] = [:]
        for (index, raw) in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "="), equals != line.startIndex else {
                throw ConfigError(
                    "\(path):\(index + 1): expected KEY=value, found \"\(line)\"",
                    hint: "write one `KEY=value` per line, or a YAML mapping `KEY: value`")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[key] = value
        }
        return values
    }
}
