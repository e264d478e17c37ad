/// BGPSession: the BGP-4 session as pure values — the RFC 4271 §8 finite state machine
/// (`SessionFSM`), OPEN validation (§6.2, RFC 5492, RFC 6286, RFC 6793, RFC 9234), hold time
/// negotiation (§4.2, §10), connection collision resolution (§6.8, RFC 6286 §2.3) and capability
/// negotiation kept as announced / received / negotiated (`CapabilitySet`,
/// `NegotiatedCapabilities.negotiate`), which yields the wire layer's `DecodeContext`.
///
/// Owns: every decision a BGP speaker makes about one session. Input is one `SessionFSM.Event`
/// at a time (decoded messages, TCP indications, timer expiries); output is a list of
/// `SessionFSM.Action`s (connect, send a message, start/stop a timer, close, session up/down,
/// deliver an UPDATE or ROUTE-REFRESH).
///
/// Never: sockets, Dispatch, Glibc, Foundation, reading the clock or the system's randomness.
/// Timers are start/stop actions whose expiry the I/O layer reports back as events; the jitter of
/// §10 comes from a seeded `Jitter` value stored in the machine, so every run is reproducible.
public enum BGPSession {}
