import Synchronization

/// The sandbox's state behind a lock, persisted to the data file after every write.
final class SandboxStore: Sendable {
    private let state: Mutex<SandboxState>
    /// Where the state is kept; nil for an in-memory sandbox.
    let dataFile: DataFile?
    /// What `reset` goes back to.
    let seed: Seed

    /// Opens the data file (seeding it when missing) or seeds an in-memory state.
    /// - Throws: `DataFile.Failure` naming the file when it is corrupt or cannot be written.
    init(seed: Seed, dataFile: DataFile?) throws(DataFile.Failure) {
        self.seed = seed
        self.dataFile = dataFile
        var initial = try dataFile?.load() ?? SandboxState()
        seed.apply(to: &initial, now: .now())
        state = Mutex(initial)
        try dataFile?.save(initial)
    }

    /// Reads the state.
    func read<T: Sendable>(_ body: (SandboxState) -> T) -> T {
        state.withLock { body($0) }
    }

    /// Changes the state and persists it (when `persist` is true and there is a data file).
    /// - Throws: what `body` throws, or `DataFile.Failure` when saving fails.
    func write<T: Sendable>(persist: Bool = true, _ body: (inout SandboxState) throws -> T) throws -> T {
        try state.withLock { state in
            let result = try body(&state)
            if persist, let dataFile { try dataFile.save(state) }
            return result
        }
    }

    /// Saves the current state (used on stop).
    func flush() throws {
        if let dataFile { try state.withLock { try dataFile.save($0) } }
    }

    /// Replaces the state by a fresh seed.
    func reset() throws {
        try write { state in
            var fresh = SandboxState()
            seed.apply(to: &fresh, now: .now())
            state = fresh
        }
    }
}
