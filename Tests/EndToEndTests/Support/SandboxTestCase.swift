import XCTest

/// Base class of end-to-end tests that need a fresh sandbox on an ephemeral loopback port and
/// an empty workspace folder for manifests, per test.
class SandboxTestCase: XCTestCase {
    var sandbox: SandboxHarness!
    var workspace: Workspace!

    override func setUp() async throws {
        sandbox = try await SandboxHarness.start()
        workspace = try Workspace()
    }

    override func tearDown() async throws {
        try await sandbox?.stop()
        sandbox = nil
        workspace = nil
    }
}
