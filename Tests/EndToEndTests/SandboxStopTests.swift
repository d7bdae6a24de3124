import AsyncHTTPClient
import Foundation
import XCTest

/// Stopping the sandbox (a test's teardown, Ctrl-C on `sandbox serve`) ends an injected
/// latency at once: the request a fault's `latencyMs` holds is answered, instead of the stop
/// waiting the fault out (up to ten minutes).
final class SandboxStopTests: XCTestCase {
    func testStopAnswersARequestHeldByAnInjectedLatency() async throws {
        let harness = try await SandboxHarness.start()
        try await harness.injectFault(#"{"method":"GET","path":"/api/v2/orgs","latencyMs":600000,"count":0}"#)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var request = HTTPClientRequest(url: "\(harness.baseURL)/api/v2/orgs")
        request.headers.add(name: "Authorization", value: "Token \(SandboxHarness.token)")
        let held = request
        let stopping = Task {
            // Gives the request time to reach the sandbox and start waiting out its latency.
            try? await Task.sleep(nanoseconds: 300_000_000)
            try? await harness.stop()
        }
        // The held request's status, or nil when it is still held a minute later (then the
        // request is cancelled, so the test fails instead of waiting ten minutes).
        let status = await withTaskGroup(of: UInt?.self) { group -> UInt? in
            group.addTask { try? await client.execute(held, timeout: .seconds(700)).status.code }
            group.addTask {
                try? await Task.sleep(nanoseconds: 60_000_000_000)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        try await client.shutdown()
        XCTAssertEqual(status, 200, "the held request is answered once the sandbox stops")
        if status == 200 { await stopping.value }
    }
}
