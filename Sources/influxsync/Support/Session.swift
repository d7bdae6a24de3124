import Foundation
import InfluxAPI
import InfluxHTTPClient
import InfluxSandbox
import InfluxSync

/// An open connection: the HTTP client, and the embedded sandbox when `--sandbox` was given.
/// Use `Session.with(...)`, which always closes it.
struct Session {
    let client: InfluxHTTPClient
    let sandbox: Sandbox?
    let settings: ConnectionSettings

    /// The org to work in.
    var org: OrgSelector { settings.org }

    /// Opens a session (starting the sandbox first when asked), runs `body`, and closes the
    /// session whatever happens: the HTTP client is shut down and the sandbox stopped (which
    /// saves its file).
    static func with<T: Sendable>(
        _ settings: ConnectionSettings, console: Console,
        _ body: (Session) async throws -> T
    ) async throws -> T {
        let session = try await open(settings, console: console)
        do {
            let result = try await body(session)
            try await session.close()
            return result
        } catch {
            try? await session.close()
            throw error
        }
    }

    private static func open(_ settings: ConnectionSettings, console: Console) async throws -> Session {
        var observer: RequestObserver? = nil
        if settings.verbose {
            observer = { record in console.error(record.description) }
        }
        var sandbox: Sandbox?
        let baseURL: String
        switch settings.target {
        case .server(let url):
            baseURL = url
        case .sandbox(let file):
            let orgName: String
            if case .name(let name) = settings.org { orgName = name } else { orgName = SandboxDefaults.org }
            do {
                let started = try await Sandbox.start(SandboxConfiguration(
                    host: "127.0.0.1", port: 0, dataFile: file, orgName: orgName,
                    token: settings.token, userName: SandboxDefaults.user, scheduler: false))
                sandbox = started
                baseURL = "http://127.0.0.1:\(started.port)"
            } catch {
                throw CommandFailure("cannot start the sandbox with state file \(file): \(error)")
            }
        }
        do {
            let client = try InfluxHTTPClient(baseURL: baseURL, token: settings.token, observer: observer)
            return Session(client: client, sandbox: sandbox, settings: settings)
        } catch let error as InfluxAPIError {
            try? await sandbox?.stop()
            throw CommandFailure(error.message)
        }
    }

    private func close() async throws {
        try await client.shutdown()
        if let sandbox {
            do {
                try await sandbox.stop()
            } catch {
                throw CommandFailure("the sandbox could not save its state: \(error)")
            }
        }
    }
}
