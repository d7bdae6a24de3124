import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The append-only journal beside a sandbox data file (`FILE.journal`): one JSON
/// `JournalEntry` per line, each appended with a single `write` and made durable with `fsync`
/// before the write that caused it is answered. A write therefore costs O(its change), not
/// O(the whole state).
///
/// A crash can leave a torn last line (no newline, or cut JSON): `entries()` ignores it —
/// that write was never acknowledged. A complete line that is not an entry is an error naming
/// the file and line.
final class DataJournal {
    let path: String
    private var fd: Int32 = -1
    /// Bytes in the journal file.
    private(set) var size = 0

    init(path: String) { self.path = path }

    deinit { if fd >= 0 { close(fd) } }

    /// The complete entries of the journal file, in order; empty when there is none.
    /// - Throws: `DataFile.Failure` naming the file (and line) when it cannot be read or a
    ///   complete line is not an entry.
    static func entries(path: String) throws(DataFile.Failure) -> [JournalEntry] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw DataFile.Failure(description: "\(path): cannot read the sandbox journal (check that it is a readable file)")
        }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // The part after the last newline is a torn write (or empty): never acknowledged.
        if !lines.isEmpty { lines.removeLast() }
        let decoder = JSONDecoder()
        var entries: [JournalEntry] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            do { entries.append(try decoder.decode(JournalEntry.self, from: Data(line))) } catch {
                throw DataFile.Failure(description: "\(path):\(index + 1): not a valid sandbox journal entry; move the file away or delete it to drop the writes it holds")
            }
        }
        return entries
    }

    /// Appends `entry` as one line and waits until it is on disk.
    /// - Throws: `DataFile.Failure` naming the file.
    func append(_ entry: JournalEntry) throws(DataFile.Failure) {
        var line: Data
        do { line = try JSONEncoder().encode(entry) } catch {
            throw DataFile.Failure(description: "\(path): cannot encode a journal entry: \(error)")
        }
        line.append(UInt8(ascii: "\n"))
        if fd < 0 {
            fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            guard fd >= 0 else { throw failure("cannot open") }
            size = Int(lseek(fd, 0, SEEK_END))
        }
        let ok: Bool = line.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n <= 0 { return false }
                written += n
            }
            return true
        }
        guard ok, fsync(fd) == 0 else { throw failure("cannot write") }
        size += line.count
    }

    /// Deletes the journal file (after its entries went into a snapshot).
    /// - Throws: `DataFile.Failure` naming the file.
    func remove() throws(DataFile.Failure) {
        if fd >= 0 { close(fd); fd = -1 }
        size = 0
        guard unlink(path) == 0 || errno == ENOENT else { throw failure("cannot remove") }
    }

    private func failure(_ what: String) -> DataFile.Failure {
        DataFile.Failure(description: "\(path): \(what): \(String(cString: strerror(errno)))")
    }
}
