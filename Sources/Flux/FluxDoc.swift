/// A small Wadler-style pretty-printing document, the layout model of Flux's formatter.
indirect enum FluxDoc: Sendable {
    case empty
    case text(String)
    /// A line break that is `flat` when its group fits on one line.
    case breakable(flat: String)
    /// A line break always.
    case hardline
    /// `broken` when the enclosing group is broken, `flat` when it fits.
    case alternative(broken: FluxDoc, flat: FluxDoc)
    case nest(Int, FluxDoc)
    case group(FluxDoc)
    case concat([FluxDoc])

    /// A space, or a break.
    static let line = FluxDoc.breakable(flat: " ")
    /// Nothing, or a break.
    static let softline = FluxDoc.breakable(flat: "")

    static func + (a: FluxDoc, b: FluxDoc) -> FluxDoc { .concat([a, b]) }

    func grouped() -> FluxDoc { .group(self) }
    func nested(_ n: Int = 4) -> FluxDoc { .nest(n, self) }

    static func join(_ docs: [FluxDoc], separator: FluxDoc) -> FluxDoc {
        var parts: [FluxDoc] = []
        for (index, doc) in docs.enumerated() {
            if index > 0 { parts.append(separator) }
            parts.append(doc)
        }
        return .concat(parts)
    }

    /// Lays the document out within `width` columns; trailing blanks are removed from lines.
    func render(width: Int = 100) -> String {
        var out = ""
        var column = 0
        var stack: [(indent: Int, flat: Bool, doc: FluxDoc)] = [(0, false, self)]
        while let (indent, flat, doc) = stack.popLast() {
            switch doc {
            case .empty: break
            case .text(let s):
                out += s
                column += s.unicodeScalars.count
            case .breakable(let s):
                if flat { out += s; column += s.unicodeScalars.count } else { out += "\n" + String(repeating: " ", count: indent); column = indent }
            case .hardline:
                out += "\n" + String(repeating: " ", count: indent)
                column = indent
            case .alternative(let broken, let flatDoc):
                stack.append((indent, flat, flat ? flatDoc : broken))
            case .nest(let n, let inner):
                stack.append((indent + n, flat, inner))
            case .group(let inner):
                if flat {
                    stack.append((indent, true, inner))
                } else {
                    let fitsFlat = Self.fits(width - column, [(indent, true, inner)], rest: stack)
                    stack.append((indent, fitsFlat, inner))
                }
            case .concat(let docs):
                for d in docs.reversed() { stack.append((indent, flat, d)) }
            }
        }
        return out.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in
                var s = String(line)
                while let last = s.unicodeScalars.last, last == " " || last == "\t" { s.unicodeScalars.removeLast() }
                return s
            }
            .joined(separator: "\n")
    }

    /// True when `items` (then `rest`, in their own modes) reach a line break before `remaining`
    /// columns run out; a hard line break inside the flat part never fits.
    static func fits(_ remaining: Int, _ items: [(indent: Int, flat: Bool, doc: FluxDoc)], rest: [(indent: Int, flat: Bool, doc: FluxDoc)]) -> Bool {
        var width = remaining
        var stack = items
        var restIndex = rest.count
        while true {
            if width < 0 { return false }
            guard let (indent, flat, doc) = stack.popLast() else {
                if restIndex == 0 { return true }
                restIndex -= 1
                stack.append(rest[restIndex])
                continue
            }
            switch doc {
            case .empty: break
            case .text(let s): width -= s.unicodeScalars.count
            case .breakable(let s):
                if flat { width -= s.unicodeScalars.count } else { return true }
            case .hardline:
                return !flat
            case .alternative(let broken, let flatDoc): stack.append((indent, flat, flat ? flatDoc : broken))
            case .nest(let n, let inner): stack.append((indent + n, flat, inner))
            case .group(let inner): stack.append((indent, flat, inner))
            case .concat(let docs): for d in docs.reversed() { stack.append((indent, flat, d)) }
            }
        }
    }
}
