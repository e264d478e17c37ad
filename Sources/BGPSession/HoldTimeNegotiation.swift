/// Hold time and keepalive interval negotiation (RFC 4271 §4.2, §4.4, §10).

/// The timers a session runs once OPENs have been exchanged.
public struct HoldTimeNegotiation: Hashable, Sendable {
    /// Negotiated hold time in seconds: the smaller of ours and the peer's; 0 means no hold timer.
    public var holdTime: UInt16
    /// Keepalive interval in seconds; 0 exactly when `holdTime` is 0 (no KEEPALIVEs sent).
    public var keepaliveTime: UInt16

    public init(holdTime: UInt16, keepaliveTime: UInt16) {
        self.holdTime = holdTime
        self.keepaliveTime = keepaliveTime
    }

    /// RFC 4271 §4.2: "the calculated value [is] the smaller of its configured Hold Time and the
    /// Hold Time received in the OPEN message"; §10: keepalive one third of the hold time. A
    /// configured keepalive is used when it is smaller; it is never 0 while the hold time is not.
    /// Hold times of 1 and 2 seconds are refused earlier, by `OpenValidation` (2/6).
    public static func negotiate(local: UInt16, remote: UInt16,
                                 configuredKeepalive: UInt16? = nil) -> HoldTimeNegotiation {
        let hold = min(local, remote)
        guard hold > 0 else { return HoldTimeNegotiation(holdTime: 0, keepaliveTime: 0) }
        var keepalive = hold / 3
        if let configured = configuredKeepalive, configured > 0 { keepalive = min(keepalive, configured) }
        return HoldTimeNegotiation(holdTime: hold, keepaliveTime: max(keepalive, 1))
    }
}
