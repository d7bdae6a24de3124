// libFuzzer harness for the manifest loader (YAML/JSON templates through Yams, and `.flux`
// task files). Built by Fuzz/run.sh with InfluxSync as a module.
import InfluxSync

/// One fuzz input: bytes as a template file, then as a `.flux` file. Loading must end in a
/// result (a desired state or diagnostics), never trap, hang or leak.
@_cdecl("LLVMFuzzerTestOneInput")
public func manifestFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = ManifestLoader.load(text: text, path: "fuzz.yml", envRefs: ["k": "v"], liveLabelNames: ["live"])
    _ = ManifestLoader.load(text: text, path: "fuzz.flux")
    return 0
}
