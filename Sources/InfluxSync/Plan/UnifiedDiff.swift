/// Line-based unified diff (`--- old`, `+++ new`, `@@ -a,b +c,d @@` hunks with 3 lines of
/// context), built on the standard library's `CollectionDifference` (Myers' algorithm).
public enum UnifiedDiff {
    /// The diff of `old` against `new`, or nil when the texts have the same lines.
    /// - Parameters:
    ///   - oldLabel: name on the `---` line.
    ///   - newLabel: name on the `+++` line.
    ///   - context: unchanged lines shown around each change.
    ///   - ignoringIndentation: lines that differ only in leading and trailing whitespace count
    ///     as the same line (shown as context, as `new` has it): for Flux, where indentation
    ///     means nothing, so that a re-indented script shows only the lines really changed.
    public static func make(
        old: String, new: String, oldLabel: String = "live", newLabel: String = "manifest", context: Int = 3,
        ignoringIndentation: Bool = false
    ) -> String? {
        let a = lines(old), b = lines(new)
        let key: (String) -> String = ignoringIndentation ? { $0.trimmingWhitespace() } : { $0 }
        let diff = b.map(key).difference(from: a.map(key))
        if diff.isEmpty { return nil }
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in diff {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        // Walk both sequences in step, producing an edit script of (tag, text, oldIndex, newIndex).
        enum Tag { case same, del, add }
        var script: [(tag: Tag, text: String, i: Int, j: Int)] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) {
                script.append((.del, a[i], i, j)); i += 1
            } else if j < b.count, inserted.contains(j) {
                script.append((.add, b[j], i, j)); j += 1
            } else {
                script.append((.same, b[j], i, j)); i += 1; j += 1
            }
        }
        // Group changes into hunks with `context` lines around them.
        var out = "--- \(oldLabel)\n+++ \(newLabel)\n"
        let changed = script.indices.filter { script[$0].tag != .same }
        var k = 0
        while k < changed.count {
            var start = max(0, changed[k] - context)
            var end = min(script.count - 1, changed[k] + context)
            while k + 1 < changed.count, changed[k + 1] - context <= end + 1 {
                k += 1
                end = min(script.count - 1, changed[k] + context)
            }
            start = max(0, start)
            let hunk = script[start...end]
            let oldCount = hunk.filter { $0.tag != .add }.count
            let newCount = hunk.filter { $0.tag != .del }.count
            let oldStart = hunk.first!.i + (oldCount == 0 ? 0 : 1)
            let newStart = hunk.first!.j + (newCount == 0 ? 0 : 1)
            out += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for line in hunk {
                switch line.tag {
                case .same: out += " \(line.text)\n"
                case .del: out += "-\(line.text)\n"
                case .add: out += "+\(line.text)\n"
                }
            }
            k += 1
        }
        return out
    }

    private static func lines(_ text: String) -> [String] {
        if text.isEmpty { return [] }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}
