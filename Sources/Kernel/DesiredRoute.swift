/// `DesiredRoute`: one route as the daemon wants it, before interface names are resolved:
/// a prefix, what to do with its packets (gateways, blackhole, a device) and a metric.
import NetCore

public struct DesiredRoute: Hashable, Sendable, CustomStringConvertible {
    /// What the route does with packets for its prefix.
    public enum Kind: Hashable, Sendable {
        /// Through one or more gateways; two or more are one equal-cost multipath route.
        case via([DesiredNextHop])
        /// `blackhole <prefix>`: drop (the node's own blocks).
        case blackhole
        /// `<prefix> dev <if> scope link` (local pods).
        case device(InterfaceReference)
    }

    public var prefix: IPPrefix
    public var kind: Kind
    /// RTA_PRIORITY; nil means the kernel's default (0 for IPv4, 1024 for IPv6).
    public var metric: UInt32?

    public init(prefix: IPPrefix, kind: Kind, metric: UInt32? = nil) {
        self.prefix = prefix
        self.kind = kind
        self.metric = metric
    }

    public static func via(_ prefix: IPPrefix, _ hops: [DesiredNextHop], metric: UInt32? = nil) -> DesiredRoute {
        DesiredRoute(prefix: prefix, kind: .via(hops), metric: metric)
    }

    public static func blackhole(_ prefix: IPPrefix, metric: UInt32? = nil) -> DesiredRoute {
        DesiredRoute(prefix: prefix, kind: .blackhole, metric: metric)
    }

    public static func device(_ prefix: IPPrefix, _ interface: InterfaceReference, metric: UInt32? = nil) -> DesiredRoute {
        DesiredRoute(prefix: prefix, kind: .device(interface), metric: metric)
    }

    /// The metric the kernel will report: the explicit one, else its per-family default.
    public var effectiveMetric: UInt32 { metric ?? prefix.defaultKernelMetric }

    /// `ip route` style: "10.0.0.0/26 via 192.0.2.2 dev tunl0 onlink metric 5".
    public var description: String {
        var s: String
        switch kind {
        case .blackhole: s = "blackhole \(prefix)"
        case .device(let interface): s = "\(prefix) dev \(interface) scope link"
        case .via(let hops) where hops.count == 1: s = "\(prefix) \(hops[0])"
        case .via(let hops): s = "\(prefix)" + hops.map { " nexthop \($0)" }.joined()
        }
        if let metric { s += " metric \(metric)" }
        return s
    }
}

/// One gateway of a desired route.
public struct DesiredNextHop: Hashable, Sendable, CustomStringConvertible {
    public var gateway: IPAddress
    /// The outgoing interface; nil lets the kernel choose by the gateway's route.
    public var interface: InterfaceReference?
    /// RTNH_F_ONLINK: the gateway is on the link even without a covering route (tunnels).
    public var onlink: Bool

    public init(gateway: IPAddress, interface: InterfaceReference? = nil, onlink: Bool = false) {
        self.gateway = gateway
        self.interface = interface
        self.onlink = onlink
    }

    public var description: String {
        var s = "via \(gateway)"
        if let interface { s += " dev \(interface)" }
        if onlink { s += " onlink" }
        return s
    }
}

/// An interface named by index or by name (resolved in the table's network namespace).
public enum InterfaceReference: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    case index(UInt32)
    case name(String)

    public init(stringLiteral value: String) { self = .name(value) }

    public var description: String {
        switch self {
        case .index(let i): "#\(i)"
        case .name(let n): n
        }
    }
}

extension IPPrefix {
    /// The metric the kernel gives a route without RTA_PRIORITY: 0 (IPv4), 1024 (IPv6).
    public var defaultKernelMetric: UInt32 {
        switch self {
        case .v4: 0
        case .v6: 1024
        }
    }
}
