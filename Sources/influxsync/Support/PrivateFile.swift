import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files only their owner may read (mode 0600): a saved plan holds the org's task
/// scripts and descriptions.
enum PrivateFile {
    /// Writes `data` to `path` atomically: into a new file created with mode 0600 next to it,
    /// then renamed over `path`, so the file is never readable by others, not even for a
    /// moment, and a reader never sees half of it.
    /// - Throws: `CocoaError(.fileWriteUnknown)` when the file cannot be created, written or
    ///   renamed (callers describe the path with `FileProblem`).
    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        var ok = fchmod(fd, 0o600) == 0  // the umask may have cleared bits, never added any; be exact
        ok = ok && (try? FileHandle(fileDescriptor: fd, closeOnDealloc: false).write(contentsOf: data)) != nil
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
