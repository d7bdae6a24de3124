/// A loopback TCP port that is bound but not listening: connecting to it is refused at once,
/// and no other process can take it while this value lives.
final class ClosedPort: LoopbackSocket {
    init() throws { try super.init(listening: false) }
}
