/// What the offline checks know of Flux's standard library: the importable packages, the names
/// each exports and, for functions, their parameters. Generated from influxdata/flux's
/// `stdlib/**/*.flux` declarations at `fluxVersion` by `scripts/stdlib/generate.py`.
public struct FluxStandardLibrary: Sendable {
    /// A parameter of a standard-library function.
    public struct Parameter: Hashable, Sendable {
        /// The name, as a named argument spells it (`start`, `tables`).
        public var name: String
        /// False when the declaration marks it optional (`?start`, `start=default`).
        public var isRequired: Bool
        /// True for the pipe parameter (`<-tables`): `|>` supplies it.
        public var isPiped: Bool

        /// Creates a parameter.
        public init(name: String, isRequired: Bool, isPiped: Bool) {
            self.name = name
            self.isRequired = isRequired
            self.isPiped = isPiped
        }
    }

    /// An exported name.
    public enum Member: Hashable, Sendable {
        /// A function with known parameters.
        case function([Parameter])
        /// A value, an option, or a name bound to another value: calls of it are not checked.
        case value
    }

    /// Package path (`strings`, `experimental/http/requests`) → exported name → member.
    public let packages: [String: [String: Member]]
    /// The names every script sees without an import (the `universe`, `influxdata/influxdb`,
    /// `internal/boolean` and `internal/location` packages: `from`, `range`, `true`, `now`, …),
    /// with the package each comes from.
    public let prelude: [String: (path: String, member: Member)]

    /// The data of `fluxVersion`, parsed once.
    public static let shared = FluxStandardLibrary(data: data)

    /// Parses the line format of `data` (see the generated file).
    init(data: String) {
        var packages: [String: [String: Member]] = [:]
        var preludePaths: [String] = []
        var current = ""
        for line in data.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            guard let tag = words.first, words.count >= 2 else { continue }
            switch tag {
            case "P": current = words[1]; packages[current, default: [:]] = [:]
            case "F":
                packages[current]![words[1]] = .function(
                    words.dropFirst(2).map { word in
                        var name = Substring(word)
                        let optional = name.hasPrefix("?")
                        if optional { name = name.dropFirst() }
                        let piped = name.hasPrefix("<-")
                        if piped { name = name.dropFirst(2) }
                        return Parameter(name: String(name), isRequired: !optional, isPiped: piped)
                    })
            case "prelude": preludePaths = Array(words.dropFirst())
            default: packages[current]![words[1]] = .value
            }
        }
        var prelude: [String: (path: String, member: Member)] = [:]
        for path in preludePaths {
            for (name, member) in packages[path] ?? [:] { prelude[name] = (path, member) }
        }
        self.packages = packages
        self.prelude = prelude
    }
}
