/// Transport: the Dispatch socket layer of the BGP speaker (no SwiftNIO, no thread per peer).
///
/// Owns: `Listener` (non-blocking listening sockets, the accept filter that closes connections
/// from unconfigured addresses before reading a byte, per-peer TCP MD5 keys on the listener),
/// `Connection` (one TCP connection with its own read and write sources on the owner's serial
/// queue: active connect with timeout, source address, TCP MD5 (RFC 2385), TTL or GTSM
/// (RFC 5082), message framing with BGPWire, bounded outgoing buffer with backpressure,
/// flush-then-close for a NOTIFICATION) and the counters shown in status output.
///
/// Threading: every class here is `@unchecked Sendable` because its mutable state is touched
/// only on the one serial queue its owner gives it (the speaker's queue); Dispatch calls the
/// handlers on that queue. Delegates and callbacks are called on that queue, never from inside
/// a call the owner made (events that an owner's call causes are delivered with `queue.async`),
/// so the owner may call back into a connection from any callback without re-entrancy.
///
/// Never does: BGP decisions. It reports the RFC 4271 §8.1.4 TCP events (connection
/// acknowledged, confirmed, fails) and decoded messages; the speaker feeds them to the FSM.
