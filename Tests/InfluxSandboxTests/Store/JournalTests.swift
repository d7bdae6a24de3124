import Foundation
import XCTest

@testable import InfluxSandbox

/// The data file's journal (`FILE.journal`): each write appended as one line, replayed on load;
/// a torn last line (a write cut by a crash, never acknowledged) is ignored, every complete
/// entry before it is kept.
final class JournalTests: XCTestCase {
    var directory: URL!
    var file: String { directory.appendingPathComponent("state.json").path }
    let seed = Seed(orgName: "acme", userName: "admin", token: "t")

    override func setUp() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Three writes through a store that is then abandoned without a snapshot (as after
    /// `kill -9`): a label, a task, and the label attached to the task.
    private func writeThreeEntriesAndAbandon() throws -> (labelID: String, taskID: String) {
        let store = try SandboxStore(seed: seed, dataFile: DataFile(path: file))
        let org = store.read { $0.orgs[0] }
        let now = Timestamp.now()
        let labelID = try store.write { state in
            let id = state.ids.nextSnowflake(now: now)
            state.labels[id] = StoredLabel(id: id, orgID: org.id, name: "team")
            return id
        }
        let taskID = try store.write { state in
            let id = state.ids.nextSnowflake(now: now)
            state.tasks[id] = StoredTask(
                id: id, orgID: org.id, orgName: org.name, ownerID: state.users[0].id, name: "cpu",
                status: "active", flux: "option task = {name: \"cpu\", every: 1h}\n", every: "1h",
                latestCompleted: now, createdAt: now)
            return id
        }
        try store.write { state in state.labelMappings.add(LabelMapping(resourceID: taskID, labelID: labelID)) }
        return (labelID, taskID)
    }

    private func journalLines() throws -> [String] {
        try String(contentsOfFile: file + ".journal", encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func testEachWriteAppendsOneLineAndALoadReplaysThem() throws {
        let (labelID, taskID) = try writeThreeEntriesAndAbandon()
        XCTAssertEqual(try journalLines().count, 3)
        let state = try XCTUnwrap(try DataFile(path: file).load())
        XCTAssertEqual(state.labels[labelID]?.name, "team")
        XCTAssertEqual(state.tasks[taskID]?.name, "cpu")
        XCTAssertEqual(state.labels(ofResource: taskID).map(\.id), [labelID])
    }

    func testATornLastLineIsIgnoredAndEveryCompleteEntryIsLoaded() throws {
        let (labelID, taskID) = try writeThreeEntriesAndAbandon()
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: file + ".journal"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"tasks":{"\#(taskID)":null},"taskLa"#.utf8))
        try handle.close()

        let state = try XCTUnwrap(try DataFile(path: file).load())
        XCTAssertEqual(state.tasks[taskID]?.name, "cpu", "the torn removal was never acknowledged")
        XCTAssertEqual(state.labels(ofResource: taskID).map(\.id), [labelID])

        // Opening the store compacts: the snapshot holds everything, the journal is gone.
        let store = try SandboxStore(seed: seed, dataFile: DataFile(path: file))
        XCTAssertEqual(store.read { $0.tasks[taskID]?.name }, "cpu")
        XCTAssertFalse(FileManager.default.fileExists(atPath: file + ".journal"))
        XCTAssertEqual(try XCTUnwrap(try DataFile(path: file).load()).labels(ofResource: taskID).map(\.id), [labelID])
    }

    func testACorruptCompleteLineIsAnErrorNamingTheFileAndLine() throws {
        _ = try writeThreeEntriesAndAbandon()
        var lines = try journalLines()
        lines[1] = "{not json"
        try (lines.joined(separator: "\n") + "\n").write(toFile: file + ".journal", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DataFile(path: file).load()) { error in
            XCTAssertEqual("\(error)", "\(file).journal:2: not a valid sandbox journal entry; move the file away or delete it to drop the writes it holds")
        }
    }

    func testReplayingEntriesAlreadyInTheSnapshotChangesNothing() throws {
        let (labelID, taskID) = try writeThreeEntriesAndAbandon()
        let journal = try Data(contentsOf: URL(fileURLWithPath: file + ".journal"))
        // A crash after the snapshot was written but before the journal was removed.
        let state = try XCTUnwrap(try DataFile(path: file).load())
        try DataFile(path: file).save(state)
        try journal.write(to: URL(fileURLWithPath: file + ".journal"))
        let again = try XCTUnwrap(try DataFile(path: file).load())
        XCTAssertEqual(again.tasks[taskID], state.tasks[taskID])
        XCTAssertEqual(again.labels(ofResource: taskID).map(\.id), [labelID])
        XCTAssertEqual(again.labelMappings.mappings, state.labelMappings.mappings)
        XCTAssertEqual(again.small, state.small)
    }

    func testStopLeavesOnlyTheSnapshot() throws {
        let store = try SandboxStore(seed: seed, dataFile: DataFile(path: file))
        try store.write { state in state.runFailures["0000000000000001"] = "boom" }
        XCTAssertTrue(FileManager.default.fileExists(atPath: file + ".journal"))
        try store.flush()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted(), ["state.json", "state.json.lock"])
        XCTAssertEqual(try XCTUnwrap(try DataFile(path: file).load()).runFailures, ["0000000000000001": "boom"])
    }
}
