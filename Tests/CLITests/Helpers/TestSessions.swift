import InfluxSync

@testable import influxsync

/// Sessions over a fake client for the support code's tests: a server at
/// `http://localhost:8086`, org `acme`, and the connection flags hints repeat.
enum TestSessions {
    /// The connection of every test session: `--host http://localhost:8086 --org acme`.
    static let settings = ConnectionSettings(
        target: .server(url: "http://localhost:8086"), token: "t0ken", org: .name("acme"), verbose: false,
        hintFlags: ["--host", "http://localhost:8086", "--org", "acme"])

    /// A session over `client` with `settings`.
    static func session(_ client: FakeRunsClient, settings: ConnectionSettings = settings) -> Session {
        Session(client: client, settings: settings)
    }
}
