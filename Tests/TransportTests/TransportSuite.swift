/// The parent suite: every Transport test runs serialized under it (they share the machine's
/// loopback and timing; the machine has two cores).
import Testing

@Suite(.serialized) struct TransportTests {}
