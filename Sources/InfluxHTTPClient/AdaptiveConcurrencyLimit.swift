/// How many requests a client keeps in flight when the server decides the pace
/// (`--parallelism auto`): a congestion window in the manner of TCP's, driven by the server's
/// answers instead of lost packets.
///
/// The idea, as in TCP congestion control and in Netflix's concurrency-limits library, is to
/// probe for the largest number of requests in flight the server serves without pushing back,
/// and to give way quickly when it does:
///
/// - **Start low, grow while clean.** The limit starts at `initial` (4). Answers are counted in
///   *windows* of `limit` answers (about one round trip at the current limit). A window whose
///   answers were all clean, whose latency stayed near the baseline, and in which the limit was
///   actually reached (a client with less to send learns nothing about the server) raises the
///   limit: doubled while below the threshold (TCP's slow start), else by one (congestion
///   avoidance). Never above `maximum` (64).
/// - **Back off on throttling.** A `429`/`503` (§15.1) halves the limit (not below 1) and sets
///   the threshold there, so growth afterwards is one at a time. Only the first throttled answer
///   of the requests sent at one limit counts: the others were in flight before the decrease
///   and say the same thing again (TCP likewise reacts once per round trip). The whole-client
///   pause on `Retry-After` (`SharedBackoff`) happens besides.
/// - **Back off on rising latency.** The baseline is the lowest latency seen (the server's
///   unloaded answer time). A window whose mean latency is more than `latencyTolerance` (2×)
///   the baseline *and* more than `latencyMarginMilliseconds` (5 ms) above it means requests are
///   queuing: the limit is cut to `latencyBackoff` (¾) of itself (not below 1), and the
///   threshold set there. The margin keeps sub-millisecond loopback jitter from being taken for
///   queuing. The baseline ages, as BBR's minimum round-trip time expires: when no answer of
///   `baselineLifetimeWindows` (8) windows in a row came near it — even at the lower limits
///   those windows cut to — the server's own answer time has moved (a busier server, a slower
///   path), and the fastest answer of the last window becomes the baseline. Without it, a
///   latency that rose for good held the limit at 1 for the rest of the run.
/// - Other failures (transport errors, other 5xx) are not taken as a signal: they say nothing
///   about load, and count neither towards a window nor against the limit.
///
/// The type is pure: it never reads a clock. The caller passes each answer's latency and the
/// `Ticket` it got when sending, so a test can feed it a sequence and check each limit.
public struct AdaptiveConcurrencyLimit: Sendable, Equatable {
    /// The limit at start.
    public static let initial = 4
    /// The largest limit ever chosen (the same as `--parallelism`'s largest value).
    public static let maximum = 64
    /// A window's mean latency above this multiple of the baseline (and above the margin) is a
    /// sign of queuing.
    public static let latencyTolerance = 2.0
    /// A window's mean latency must also exceed the baseline by this much to count as queuing.
    public static let latencyMarginMilliseconds = 5.0
    /// The factor the limit is cut by when latency rises.
    public static let latencyBackoff = 0.75
    /// Windows in a row with no answer near the baseline after which the baseline is taken
    /// anew from the last window.
    public static let baselineLifetimeWindows = 8

    /// What an answer said about the server's load.
    public enum Outcome: Sendable, Equatable {
        /// An answer that was not a throttle (2xx, 4xx), with its latency in milliseconds.
        case answered(milliseconds: Double)
        /// `429 Too Many Requests` or `503 Service Unavailable`.
        case throttled
        /// No answer, or another 5xx: no signal.
        case failed
    }

    /// What a request got when it was let through: the generation of the limit it was sent
    /// under (a throttle of a request sent before the last decrease is not counted again) and
    /// the number in flight with it.
    public struct Ticket: Sendable, Equatable {
        /// How many decreases had happened when the request was sent.
        public var generation: Int
        /// Requests in flight, this one included, when it was sent.
        public var inFlight: Int
    }

    /// The number of requests that may be in flight now (1...`maximum`).
    public private(set) var limit = Self.initial
    /// Below it the limit doubles per window, from it on it grows by one.
    public private(set) var threshold = Self.maximum
    /// The lowest latency seen, in milliseconds; nil before the first answer.
    public private(set) var baselineMilliseconds: Double?
    /// Decreases so far.
    public private(set) var generation = 0
    private var windowAnswers = 0
    private var windowLatencySum = 0.0
    private var windowPeakInFlight = 0
    private var windowFastestMilliseconds = Double.infinity
    /// Windows in a row whose fastest answer was not near the baseline.
    private var windowsAwayFromBaseline = 0

    /// Creates a limit at `initial`.
    public init() {}

    /// The ticket for a request sent now with `inFlight` requests in flight (itself included).
    public func ticket(inFlight: Int) -> Ticket { Ticket(generation: generation, inFlight: inFlight) }

    /// Takes one answer into account and returns the limit from now on.
    @discardableResult
    public mutating func record(_ outcome: Outcome, ticket: Ticket) -> Int {
        switch outcome {
        case .failed:
            break
        case .throttled:
            if ticket.generation == generation { decrease(to: limit / 2) }
        case .answered(let milliseconds):
            guard ticket.generation == generation else { break }
            baselineMilliseconds = min(baselineMilliseconds ?? milliseconds, milliseconds)
            windowAnswers += 1
            windowLatencySum += milliseconds
            windowPeakInFlight = max(windowPeakInFlight, ticket.inFlight)
            windowFastestMilliseconds = min(windowFastestMilliseconds, milliseconds)
            if windowAnswers >= limit { closeWindow() }
        }
        return limit
    }

    /// Ends a window of clean answers: shrinks on queuing, grows when the limit was used.
    private mutating func closeWindow() {
        let mean = windowLatencySum / Double(windowAnswers)
        let baseline = baselineMilliseconds ?? mean
        let used = windowPeakInFlight >= limit
        let fastest = windowFastestMilliseconds
        let nearBaseline = fastest <= baseline * Self.latencyTolerance || fastest - baseline <= Self.latencyMarginMilliseconds
        windowsAwayFromBaseline = nearBaseline ? 0 : windowsAwayFromBaseline + 1
        if windowsAwayFromBaseline >= Self.baselineLifetimeWindows {
            baselineMilliseconds = fastest
            windowsAwayFromBaseline = 0
            resetWindow()
            return
        }
        if mean > baseline * Self.latencyTolerance, mean - baseline > Self.latencyMarginMilliseconds {
            decrease(to: Int(Double(limit) * Self.latencyBackoff))
            return
        }
        resetWindow()
        guard used else { return }
        limit = min(Self.maximum, limit < threshold ? min(limit * 2, threshold) : limit + 1)
    }

    private mutating func decrease(to value: Int) {
        limit = max(1, value)
        threshold = limit
        generation += 1
        resetWindow()
    }

    private mutating func resetWindow() {
        windowAnswers = 0
        windowLatencySum = 0
        windowPeakInFlight = 0
        windowFastestMilliseconds = .infinity
    }
}
