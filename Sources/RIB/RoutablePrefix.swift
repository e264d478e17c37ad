/// The prefix types the RIB stores per address family: IPv4 and IPv6 unicast prefixes, used
/// directly as dictionary keys (an `IPv4Prefix` is a UInt32 and a UInt8, 8 bytes in a table).
import BGPWire
import NetCore

/// A prefix of one address family that the RIB can key its tables by.
public protocol RoutablePrefix: Hashable, Sendable, Comparable {
    /// The AFI/SAFI this prefix type is routed in.
    static var family: AddressFamily { get }
    /// The prefix as the family-independent enum.
    var ipPrefix: IPPrefix { get }
}

extension IPv4Prefix: RoutablePrefix {
    public static var family: AddressFamily { .ipv4Unicast }
    public var ipPrefix: IPPrefix { .v4(self) }
}

extension IPv6Prefix: RoutablePrefix {
    public static var family: AddressFamily { .ipv6Unicast }
    public var ipPrefix: IPPrefix { .v6(self) }
}
