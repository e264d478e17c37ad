/// Exponential IdleHoldTime for oscillating peers (RFC 4271 §8.1.1, DampPeerOscillations).

/// The delay before the FSM restarts itself after falling to Idle. With damping, each flap
/// doubles the next delay up to `maximum`; a session that stays Established for the configured
/// stable time (a timer, never the clock) resets it to `initial`.
public struct IdleHoldBackoff: Hashable, Sendable {
    public let initial: Duration
    public let maximum: Duration
    /// The delay the next flap will use.
    public private(set) var current: Duration

    public init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = max(initial, maximum)
        current = initial
    }

    /// The delay to use for this flap; the following one will be twice as long, capped.
    public mutating func flap() -> Duration {
        let delay = current
        current = min(current * 2, maximum)
        return delay
    }

    /// The session stayed up long enough: forget earlier flaps.
    public mutating func reset() { current = initial }
}
