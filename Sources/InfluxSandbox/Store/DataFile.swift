import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The JSON data file of a sandbox: a snapshot of the whole state, replaced atomically (write a
/// temp file beside it, fsync, rename, fsync the directory), so a killed sandbox leaves either
/// the old or the new snapshot, never a torn file. Writes between snapshots go to the journal
/// beside it (`DataJournal`, `FILE.journal`); `load()` replays it.
struct DataFile: Sendable {
    /// Why the data file could not be used; the message names the file.
    struct Failure: Error, CustomStringConvertible, Equatable {
        var description: String
        /// True when the file is held by another process (`DataFileLock`).
        var inUse = false
    }

    let path: String

    /// Where the journal of writes since the last snapshot is kept.
    var journalPath: String { path + ".journal" }

    /// The stored state — the snapshot with every complete journal entry applied — or nil when
    /// neither file exists.
    /// - Throws: `Failure` naming the file when it cannot be read or is not a sandbox state.
    func load() throws(Failure) -> SandboxState? {
        let entries = try DataJournal.entries(path: journalPath)
        guard var state = try loadSnapshot() ?? (entries.isEmpty ? nil : SandboxState()) else { return nil }
        for entry in entries { entry.apply(to: &state) }
        return state
    }

    /// The snapshot alone, or nil when the file does not exist.
    private func loadSnapshot() throws(Failure) -> SandboxState? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            throw Failure(description: "\(path) is a directory, not a sandbox data file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.isReadableFile(atPath: path) ? "" : " (permission denied)"
            throw Failure(description: "cannot read the sandbox data file \(path)\(reason)")
        }
        do {
            return try JSONDecoder().decode(SandboxState.self, from: data)
        } catch {
            throw Failure(description: "\(path): not a valid sandbox data file (\(Self.describe(error))); move it away or delete it to start from a fresh seed")
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        // In our words: the decoder's own descriptions are Foundation's ("The given data was not valid JSON.").
        case DecodingError.dataCorrupted(let c): return (c.codingPath.isEmpty ? "not JSON" : "a bad value") + Self.path(c.codingPath)
        case DecodingError.keyNotFound(let key, let c): return "missing key '\(key.stringValue)'" + Self.path(c.codingPath)
        case DecodingError.typeMismatch(_, let c): return "a value of the wrong type" + Self.path(c.codingPath)
        case DecodingError.valueNotFound(_, let c): return "a missing value" + Self.path(c.codingPath)
        default: return "not the expected JSON"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "" : " at " + keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    /// Replaces the file with `state` atomically; returns the bytes written.
    /// - Throws: `Failure` naming the file.
    @discardableResult
    func save(_ state: SandboxState) throws(Failure) -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do { data = try encoder.encode(state) } catch {
            throw Failure(description: "\(path): cannot encode sandbox state")
        }
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw Failure(description: "\(temp): cannot create: \(String(cString: strerror(errno)))") }
        var written = 0
        let ok: Bool = data.withUnsafeBytes { raw in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n <= 0 { return false }
                written += n
            }
            return true
        }
        guard ok, fsync(fd) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            unlink(temp)
            throw Failure(description: "\(temp): cannot write: \(message)")
        }
        close(fd)
        guard rename(temp, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temp)
            throw Failure(description: "\(path): cannot replace: \(message)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let dirfd = open(directory.isEmpty ? "." : directory, O_RDONLY)
        if dirfd >= 0 {
            _ = fsync(dirfd)
            close(dirfd)
        }
        return data.count
    }
}
