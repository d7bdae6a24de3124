// libFuzzer harness for the Flux lexer, parser, formatter and `option task` reader.
// Built by Fuzz/run.sh into the same module as Sources/Flux (no `import Flux`).

/// One fuzz input: any bytes, read as UTF-8 (invalid sequences replaced) like a manifest's
/// query. Every entry point must return or throw `FluxError`, never trap, hang or leak.
@_cdecl("LLVMFuzzerTestOneInput")
public func fluxFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = FluxLexer.normalize(source)
    _ = try? FluxLexer.tokenize(source)
    if let file = try? FluxParser.parse(source) {
        _ = FluxFormatter.format(file)
        _ = file.references(org: "acme", orgID: "0000000000000001")
    }
    _ = TaskScriptCheck.check(source)
    if let script = try? FluxScript(parsing: source) {
        _ = script.options?.isEquivalent(to: script.options!)
        _ = script.hasEquivalentBody(to: script)
        if let options = script.options { _ = try? FluxScript.compose(options: options, replacingOptionsOf: script) }
    }
    _ = FluxScript.formatInvariantKey(of: source)
    _ = FluxStringPieces.split(source)
    _ = try? FluxDuration(parsing: source)
    _ = try? CronExpression.validate(source)
    return 0
}
