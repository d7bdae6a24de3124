/// A loopback TCP port that listens but never answers: the kernel completes connections into
/// the backlog, nobody reads them, so a request waits until its timeout.
final class SilentPort: LoopbackSocket {
    init() throws { try super.init(listening: true) }
}
