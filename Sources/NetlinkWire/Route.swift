/// A kernel route as a value (rtnetlink(7), RTM_NEWROUTE): destination prefix, table,
/// protocol, scope, type (unicast, blackhole, unreachable…), next hops and metric. One next
/// hop is encoded with RTA_GATEWAY/RTA_VIA + RTA_OIF and RTNH_F_ONLINK in rtm_flags; two or
/// more become RTA_MULTIPATH.
import NetCore

public struct Route: Hashable, Sendable, CustomStringConvertible {
    public var destination: IPPrefix
    /// Table id (any u32; > 255 travels in RTA_TABLE). Default RT_TABLE_MAIN.
    public var table: UInt32
    public var `protocol`: RouteProtocol
    public var scope: RouteScope
    public var type: RouteType
    /// Empty for blackhole/unreachable routes.
    public var nextHops: [NextHop]
    /// RTA_PRIORITY; nil lets the kernel choose (0 for IPv4, 1024 for IPv6).
    public var metric: UInt32?
    /// RTA_PREFSRC.
    public var preferredSource: IPAddress?
    public var tos: UInt8

    public init(
        destination: IPPrefix, table: UInt32 = RouteTable.main, protocol: RouteProtocol = .boot,
        scope: RouteScope = .universe, type: RouteType = .unicast, nextHops: [NextHop] = [],
        metric: UInt32? = nil, preferredSource: IPAddress? = nil, tos: UInt8 = 0
    ) {
        self.destination = destination
        self.table = table
        self.protocol = `protocol`
        self.scope = scope
        self.type = type
        self.nextHops = nextHops
        self.metric = metric
        self.preferredSource = preferredSource
        self.tos = tos
    }

    /// `blackhole <prefix>`: packets to unallocated addresses of a local block are dropped.
    public static func blackhole(_ destination: IPPrefix, table: UInt32 = RouteTable.main, protocol: RouteProtocol) -> Route {
        Route(destination: destination, table: table, protocol: `protocol`, type: .blackhole)
    }

    public var family: UInt8 { destination.netlinkFamily }

    public var description: String {
        var s = type == .unicast ? "\(destination)" : "\(type) \(destination)"
        if nextHops.count == 1 { s += " \(nextHops[0])" }
        if nextHops.count > 1 { s += nextHops.map { " nexthop \($0)" }.joined() }
        if table != RouteTable.main { s += " table \(table)" }
        s += " proto \(`protocol`)"
        if scope != .universe { s += " scope \(scope)" }
        if let metric { s += " metric \(metric)" }
        if let preferredSource { s += " src \(preferredSource)" }
        return s
    }
}
