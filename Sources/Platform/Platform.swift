/// Platform: typed wrappers over Glibc for the daemon's I/O, in the style of swift-system.
///
/// Owns: `Socket` (a file descriptor that is closed exactly once), `Errno` and
/// `SystemCallError` (errno with the name of the call that failed), `SocketAddress` (IPv4/IPv6
/// `sockaddr` conversion, the `withMemoryRebound` dance in one place), socket options
/// (SO_REUSEADDR, SO_REUSEPORT, IPV6_V6ONLY, TCP_NODELAY, TCP_MD5SIG of RFC 2385, IP_TTL /
/// IPV6_UNICAST_HOPS and IP_MINTTL / IPV6_MINHOPCOUNT for GTSM of RFC 5082) and `SignalSource`.
/// EINTR is retried in one place (`SystemCall`). Everything that is not imported by Glibc
/// lives in the CPlatform C target.
///
/// Never does: protocol logic, or choosing option values (Transport decides those).
