import Flux
import Foundation

/// Checks the raw bytes of a manifest source before it is parsed: the size cap, valid UTF-8
/// and no NUL byte, each reported with its position (1-based line and column in Unicode
/// scalars, as an editor shows them).
enum ManifestBytesCheck {
    /// The first problem with `bytes`, or nil when they are text that may be parsed.
    /// - Parameters:
    ///   - path: the name diagnostics use.
    ///   - limits: `maxFileBytes` is checked here.
    static func problem(_ bytes: [UInt8], path: String, limits: ManifestLimits) -> Diagnostic? {
        if let problem = sizeProblem(byteCount: bytes.count, path: path, limits: limits) { return problem }
        // Almost every source is clean: check that in bulk, and walk it byte by byte (counting
        // lines and columns) only to say where a problem is.
        let clean = bytes.withUnsafeBufferPointer { buffer in
            buffer.isEmpty || (memchr(buffer.baseAddress!, 0, buffer.count) == nil && String(validating: buffer, as: UTF8.self) != nil)
        }
        if clean { return nil }
        var line = 1
        var column = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length = sequenceLength(bytes, at: index)
            guard length > 0 else {
                return Diagnostic(
                    at: SourceLocation(file: path, line: line, column: column),
                    "invalid UTF-8: byte 0x\(hex(byte)) at byte offset \(index) does not start a valid UTF-8 character",
                    hint: "save the file as UTF-8 (manifests must be UTF-8 text)")
            }
            if byte == 0 {
                return Diagnostic(
                    at: SourceLocation(file: path, line: line, column: column),
                    "NUL byte (U+0000 NULL) at byte offset \(index): manifests must be text",
                    hint: "remove the NUL byte; the file may be binary or saved as UTF-16")
            }
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
        return nil
    }

    /// The error for a source of `byteCount` bytes when that is over `limits.maxFileBytes`
    /// (checked before a file is read), else nil.
    static func sizeProblem(byteCount: Int, path: String, limits: ManifestLimits) -> Diagnostic? {
        guard byteCount > limits.maxFileBytes else { return nil }
        return Diagnostic(
            at: SourceLocation(file: path, line: 1, column: 1),
            "file is \(byteCount) bytes, over the manifest size cap of \(limits.maxFileBytes) bytes (\(mebibytes(limits.maxFileBytes)))",
            hint: "split it into several files, or raise the cap with --max-manifest-bytes \(byteCount)")
    }

    /// YAML 1.1 (libyaml, so Yams) reads U+0085, U+2028 and U+2029 as line breaks, which an
    /// editor does not show: every line and column after one would be off. The first such
    /// character of a YAML/JSON source is an error at its position.
    static func yamlLineBreakProblem(_ source: ManifestText) -> Diagnostic? {
        // U+0085 is C2 85, U+2028/U+2029 are E2 80 A8/A9: look at the bytes before splitting lines.
        var text = source.text
        let suspect = text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                switch bytes[index] {
                case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return true
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9): return true
                default: index += 1
                }
            }
            return false
        }
        guard suspect else { return nil }
        for (number, line) in source.lines.enumerated() {
            guard let column = line.firstIndex(where: { $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }) else { continue }
            return Diagnostic(
                at: source.location(line: number + 1, column: column + 1),
                "invalid character \(CharacterName.describe(line[column])): YAML reads it as a line break that editors do not show",
                hint: "delete it, or replace it with an ordinary line break")
        }
        return nil
    }

    /// The length of the well-formed UTF-8 sequence at `index` (1–4), or 0 when it is not one
    /// (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, cut short).
    static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let b0 = bytes[index]
        if b0 < 0x80 { return 1 }
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            index + offset < bytes.count && range.contains(bytes[index + offset])
        }
        switch b0 {
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0" + digits : digits
    }

    private static func mebibytes(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}
