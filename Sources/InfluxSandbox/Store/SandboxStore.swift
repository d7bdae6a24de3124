import Synchronization

/// The sandbox's state behind a lock. With a data file, every persisted write appends what it
/// changed to the journal (fsync'd before the write is answered); the snapshot is rewritten —
/// and the journal emptied — at start, at shutdown, on reset, and when the journal has grown
/// past `compactionThreshold(snapshotBytes:)`.
final class SandboxStore: Sendable {
    private struct Guarded {
        var state: SandboxState
        /// The small collections as the journal last recorded them.
        var journaled: SmallCollections?
        var journal: DataJournal?
        var snapshotBytes = 0
    }

    private let guarded: Mutex<Guarded>
    /// Where the state is kept; nil for an in-memory sandbox.
    let dataFile: DataFile?
    /// This process's hold on the data file (`DataFileLock`), for the store's lifetime.
    private let fileLock: DataFileLock?
    /// What `reset` goes back to.
    let seed: Seed

    /// Opens the data file (replaying its journal, seeding it when missing) or seeds an
    /// in-memory state, and compacts the file.
    /// - Throws: `DataFile.Failure` naming the file when it is corrupt or cannot be written.
    init(seed: Seed, dataFile: DataFile?, dataFileWaitSeconds: Double = 10) throws(DataFile.Failure) {
        self.seed = seed
        self.dataFile = dataFile
        fileLock = try dataFile.map { (file: DataFile) throws(DataFile.Failure) in
            try DataFileLock(dataFile: file.path, waitSeconds: dataFileWaitSeconds)
        }
        var initial = try dataFile?.load() ?? SandboxState()
        seed.apply(to: &initial, now: .now())
        _ = initial.takeJournalEntry(since: nil)
        var guarded = Guarded(state: initial, journaled: initial.small)
        if let dataFile {
            let journal = DataJournal(path: dataFile.journalPath)
            guarded.snapshotBytes = try dataFile.save(initial)
            try journal.remove()
            guarded.journal = journal
        }
        self.guarded = Mutex(guarded)
    }

    /// Journal bytes past which the snapshot is rewritten: the snapshot's own size, and at
    /// least 4 MiB, so rewriting costs O(1) amortized per journalled byte.
    static func compactionThreshold(snapshotBytes: Int) -> Int { max(4 << 20, snapshotBytes) }

    /// Reads the state.
    func read<T: Sendable>(_ body: (SandboxState) -> T) -> T {
        guarded.withLock { body($0.state) }
    }

    /// Changes the state and persists what changed (when `persist` is true and there is a
    /// data file); changes of a write with `persist: false` are persisted by the next one.
    /// - Throws: what `body` throws, or `DataFile.Failure` when saving fails.
    func write<T: Sendable>(persist: Bool = true, _ body: (inout SandboxState) throws -> T) throws -> T {
        try write(persistWhen: { _ in persist }, body)
    }

    /// Changes the state and persists what changed when `shouldPersist(result)` is true (and
    /// there is a data file); e.g. only when the reply is a success.
    /// - Throws: what `body` throws, or `DataFile.Failure` when saving fails.
    func write<T: Sendable>(persistWhen shouldPersist: (T) -> Bool, _ body: (inout SandboxState) throws -> T) throws -> T {
        try guarded.withLock { g in
            let result = try body(&g.state)
            if shouldPersist(result), let dataFile, let journal = g.journal {
                let entry = g.state.takeJournalEntry(since: g.journaled)
                if let small = entry.small { g.journaled = small }
                if !entry.isEmpty { try journal.append(entry) }
                if journal.size > Self.compactionThreshold(snapshotBytes: g.snapshotBytes) {
                    g.snapshotBytes = try dataFile.save(g.state)
                    try journal.remove()
                }
            }
            return result
        }
    }

    /// Lets another process use the data file (after the last `flush`).
    func releaseDataFile() { fileLock?.release() }

    /// Writes a snapshot of the current state and removes the journal (used on stop).
    func flush() throws {
        try guarded.withLock { g in try Self.compact(&g, dataFile) }
    }

    /// Replaces the state by a fresh seed (and compacts the data file).
    func reset() throws {
        try guarded.withLock { g in
            var fresh = SandboxState()
            seed.apply(to: &fresh, now: .now())
            _ = fresh.takeJournalEntry(since: nil)
            g.state = fresh
            g.journaled = fresh.small
            try Self.compact(&g, dataFile)
        }
    }

    private static func compact(_ g: inout Guarded, _ dataFile: DataFile?) throws {
        guard let dataFile, let journal = g.journal else { return }
        _ = g.state.takeJournalEntry(since: nil)
        g.journaled = g.state.small
        g.snapshotBytes = try dataFile.save(g.state)
        try journal.remove()
    }
}
