/// Timer jitter of RFC 4271 §10 from an injected, deterministic source (no system randomness).

/// Multiplies a timer's base value by a factor drawn uniformly from 0.75…1.0 (RFC 4271 §10:
/// "a new random value should be picked each time the timer is set"). The generator is
/// SplitMix64 held in the value, so the FSM stays pure; the I/O layer seeds it once per session.
public struct Jitter: Hashable, Sendable {
    private var state: UInt64
    private let enabled: Bool

    /// A jitter source whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
        enabled = true
    }

    /// No jitter: every timer runs for exactly its base value (tests, or where jitter is unwanted).
    public static let disabled = Jitter(disabledSeed: 0)

    private init(disabledSeed: UInt64) {
        state = disabledSeed
        enabled = false
    }

    /// The base value scaled by a fresh factor in [0.75, 1.0], in 1/1024 steps.
    public mutating func apply(to base: Duration) -> Duration {
        guard enabled else { return base }
        let step = Int(next() % 257)  // 0…256
        return base * (768 + step) / 1024
    }

    /// SplitMix64 (Steele, Lea, Flood 2014): one 64-bit output per call.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
