/// Bounds on what one manifest source may cost to read, so that a hostile or broken file
/// (a huge file, a YAML "billion laughs" alias bomb, a deeply nested structure) is refused
/// with an error instead of hanging or exhausting memory.
public struct ManifestLimits: Hashable, Sendable {
    /// Largest manifest file (or standard input), in bytes (`--max-manifest-bytes`).
    public var maxFileBytes: Int
    /// Most YAML nodes a document may gain by expanding aliases (`*name`): each node reached
    /// through an alias counts once per time it is reached.
    public var maxAliasNodes: Int
    /// Deepest nesting of mappings and sequences in a document, aliases expanded.
    public var maxDepth: Int

    /// Creates limits; the defaults are `ManifestLimits.default`'s.
    public init(maxFileBytes: Int = 8 << 20, maxAliasNodes: Int = 100_000, maxDepth: Int = 256) {
        self.maxFileBytes = maxFileBytes
        self.maxAliasNodes = maxAliasNodes
        self.maxDepth = maxDepth
    }

    /// 8 MiB per file, 100,000 nodes through aliases, nesting 256 deep.
    public static let `default` = ManifestLimits()
}
