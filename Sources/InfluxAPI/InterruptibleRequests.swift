/// Requests that an interrupted apply must not send any more (SIGINT/SIGTERM/SIGHUP, after the
/// HTTP client's `stopRetrying()`): the applier's own writes run with `active` set, so one that
/// is still waiting to be sent — behind a shared `Retry-After`, or to be sent again after a
/// `429` that was not carried out — ends with `RequestNotSent` instead of going out. Requests
/// outside the scope (the apply lock's release) are still sent.
public enum InterruptibleRequests {
    /// True inside the applier's operations.
    @TaskLocal public static var active = false
}

/// A request the client did not send (or send again) because the command was interrupted: the
/// server has not carried it out.
public struct RequestNotSent: Error, Sendable, Equatable {
    /// `POST`, `PATCH`, …
    public var method: String
    /// The path as it would have been sent.
    public var path: String

    /// Creates the error for `method` `path`.
    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }
}
