import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One process at a time on a sandbox data file: an exclusive `flock` on `FILE.lock`, held from
/// the load to the process's end (or `release`). Each process reads the file at its start and
/// writes it back as it goes, so two at once (two applies with one `--sandbox FILE`, a plan
/// beside `sandbox serve --data FILE`) lost each other's writes while both reported success.
/// The kernel drops the lock with the process, so a killed sandbox never leaves it held.
final class DataFileLock: Sendable {
    /// The lock file's descriptor while the lock is held; nil once released.
    private let descriptor: Mutex<Int32?>

    /// Takes the lock of `dataFile`, waiting up to `waitSeconds` for another process to let
    /// go of it.
    /// - Throws: `DataFile.Failure` naming the file when another process still holds it, or
    ///   when the lock file cannot be opened.
    init(dataFile: String, waitSeconds: Double = 10) throws(DataFile.Failure) {
        let path = dataFile + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw DataFile.Failure(description: "cannot open \(path) to lock the sandbox data file \(dataFile) (check the directory's permissions)")
        }
        let deadline = Date().addingTimeInterval(waitSeconds)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(fd)
                throw DataFile.Failure(
                    description:
                        "\(dataFile) is in use by another influxsync process (a `sandbox serve --data \(dataFile)`, or a plan or apply with --sandbox \(dataFile)); nothing was changed",
                    inUse: true)
            }
            usleep(50_000)
        }
        descriptor = Mutex(fd)
    }

    deinit { release() }

    /// Lets go of the lock (also done when the process ends); again does nothing.
    func release() {
        descriptor.withLock { fd in
            guard let held = fd else { return }
            flock(held, LOCK_UN)
            close(held)
            fd = nil
        }
    }
}
