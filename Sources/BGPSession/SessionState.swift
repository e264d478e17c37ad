/// The six states of the BGP FSM (RFC 4271 §8.2.2) and the timers it runs (§8, §10).

extension SessionFSM {
    /// The state names of RFC 4271 §8.2.2 (the FSM's own state enum is private and carries data).
    public enum State: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        case idle = "Idle"
        case connect = "Connect"
        case active = "Active"
        case openSent = "OpenSent"
        case openConfirm = "OpenConfirm"
        case established = "Established"
        public var description: String { rawValue }
    }

    /// The timers of RFC 4271 §8 (mandatory and optional), plus the damping reset timer.
    /// Declaration order is the order in which the FSM emits `stopTimer` actions.
    public enum Timer: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        case connectRetry = "ConnectRetryTimer"
        case hold = "HoldTimer"
        case keepalive = "KeepaliveTimer"
        case delayOpen = "DelayOpenTimer"
        case idleHold = "IdleHoldTimer"
        /// Not in the RFC: expires when an Established session has been up long enough for
        /// DampPeerOscillations to forget earlier flaps (resets IdleHoldTime).
        case idleHoldReset = "IdleHoldResetTimer"
        public var description: String { rawValue }
    }
}
