import AsyncHTTPClient
import Foundation
import XCTest

/// `sandbox serve` seeds the setup bucket `influxsync` as `influxd setup` does, plus the
/// `--bucket` and `--secret` ones (influxdb-api.md §17, §18).
extension SandboxServeExposureTests {
    func testServeSeedsSetupBucketExtraBucketsAndSecrets() async throws {
        let exposure = self
        let served = try await exposure.serve(["--org", "acme", "--bucket", "telegraf", "--bucket", "alerts", "--secret", "SLACK=xo=xb", "--secret", "PW="])
        XCTAssertTrue(served.stdout.contains("  buckets: influxsync, telegraf, alerts"), "\(served.stdout)")
        let orgs = try await exposure.send("GET", served.url + "/api/v2/orgs?org=acme", authorization: "Token serve-token")
        let orgID = try XCTUnwrap(((try JSONSerialization.jsonObject(with: Data(orgs.1.utf8)) as? [String: Any])?["orgs"] as? [[String: Any]])?.first?["id"] as? String)
        struct Buckets: Decodable { struct Bucket: Decodable { var name: String }; var buckets: [Bucket] }
        let buckets = try await exposure.send("GET", served.url + "/api/v2/buckets?orgID=\(orgID)", authorization: "Token serve-token")
        XCTAssertEqual(
            try JSONDecoder().decode(Buckets.self, from: Data(buckets.1.utf8)).buckets.map(\.name),
            ["_monitoring", "_tasks", "alerts", "influxsync", "telegraf"])
        struct Secrets: Decodable { var secrets: [String] }
        let secrets = try await exposure.send("GET", served.url + "/api/v2/orgs/\(orgID)/secrets", authorization: "Token serve-token")
        XCTAssertEqual(try JSONDecoder().decode(Secrets.self, from: Data(secrets.1.utf8)).secrets, ["PW", "SLACK"])
        _ = await exposure.stop(served)
    }

    func testServeRefusesASecretWithoutKey() async throws {
        let result = try await CLIProcess.run(["sandbox", "serve", "--secret", "=v"])
        XCTAssertEqual(result.exitCode, 1, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("error: --secret =v is not KEY=VALUE"), result.stderr)
    }
}
