/// A point on a test clock (`ManualClock`, `RecordingClock`): the time the clock moved since it
/// was made.
public struct OffsetInstant: InstantProtocol {
    /// Time since the clock was made.
    public var offset: Duration

    /// An instant `offset` after the clock was made.
    public init(offset: Duration) { self.offset = offset }

    /// This instant moved by `duration`.
    public func advanced(by duration: Duration) -> OffsetInstant { OffsetInstant(offset: offset + duration) }
    /// The time from this instant to `other`.
    public func duration(to other: OffsetInstant) -> Duration { other.offset - offset }
    /// Earlier than.
    public static func < (a: OffsetInstant, b: OffsetInstant) -> Bool { a.offset < b.offset }
}
