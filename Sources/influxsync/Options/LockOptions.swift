import ArgumentParser
import Foundation
import InfluxSync

/// The apply lock (`apply` only): `--lock`, `--lock-timeout`.
struct LockOptions: ParsableArguments {
    @Option(name: .customLong("lock"), help: ArgumentHelp("Take the apply lock of the org and owner label first (--lock=false skips it).", valueName: "bool"))
    var lock = true

    @Option(
        name: .customLong("lock-timeout"), help: ArgumentHelp("How long to wait for another apply's lock, as a duration like 30s or 5m (0: fail at once).", valueName: "duration"))
    var lockTimeout = "0s"

    func validate() throws {
        _ = try timeoutSeconds()
    }

    /// `--lock-timeout` in seconds.
    /// - Throws: `ValidationError` for anything but a non-negative fixed duration.
    func timeoutSeconds() throws -> Double {
        let text = lockTimeout.trimmingCharacters(in: .whitespaces)
        if text == "0" { return 0 }
        guard let seconds = LeaseTiming.seconds(parsing: text) else {
            throw ValidationError("--lock-timeout expects a duration such as 30s, 5m or 1h, got \"\(lockTimeout)\".")
        }
        return seconds
    }
}
