import Synchronization

/// How many times this process has read a Flux script's text (a scan by `FluxScript(parsing:)`,
/// `FluxScript.compose(options:query:)`, `FluxScriptReading`, `FluxParser.parse` or
/// `FluxLexer.tokenize`). The benchmark prints it to show that a plan reads each script once;
/// nothing else looks at it. Counting is one relaxed atomic add per read.
public enum FluxReadCounter {
    /// Reads so far.
    public static var reads: Int { fluxReads.load(ordering: .relaxed) }

    /// Counts one read.
    static func count() { fluxReads.add(1, ordering: .relaxed) }
}

private let fluxReads = Atomic<Int>(0)
