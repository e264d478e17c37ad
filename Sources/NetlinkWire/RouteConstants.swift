/// Constants of rtnetlink routes and message types, from <linux/rtnetlink.h> (rtnetlink(7)).

/// rtnetlink message types (nlmsg_type), <linux/rtnetlink.h>.
public enum RTM {
    public static let newLink: UInt16 = 16      // RTM_NEWLINK
    public static let delLink: UInt16 = 17      // RTM_DELLINK
    public static let getLink: UInt16 = 18      // RTM_GETLINK
    public static let newAddress: UInt16 = 20   // RTM_NEWADDR
    public static let delAddress: UInt16 = 21   // RTM_DELADDR
    public static let getAddress: UInt16 = 22   // RTM_GETADDR
    public static let newRoute: UInt16 = 24     // RTM_NEWROUTE
    public static let delRoute: UInt16 = 25     // RTM_DELROUTE
    public static let getRoute: UInt16 = 26     // RTM_GETROUTE
    public static let newNeighbour: UInt16 = 28 // RTM_NEWNEIGH
    public static let delNeighbour: UInt16 = 29 // RTM_DELNEIGH
    public static let getNeighbour: UInt16 = 30 // RTM_GETNEIGH

    /// Multicast groups for subscriptions (RTNLGRP_*, bit = 1 << (group - 1)), <linux/rtnetlink.h>.
    public static let groupLink: UInt32 = 1          // RTNLGRP_LINK
    public static let groupNeighbour: UInt32 = 3     // RTNLGRP_NEIGH
    public static let groupIPv4Address: UInt32 = 5   // RTNLGRP_IPV4_IFADDR
    public static let groupIPv4Route: UInt32 = 7     // RTNLGRP_IPV4_ROUTE
    public static let groupIPv6Address: UInt32 = 9   // RTNLGRP_IPV6_IFADDR
    public static let groupIPv6Route: UInt32 = 11    // RTNLGRP_IPV6_ROUTE
}

/// Route attributes (enum rtattr_type_t), <linux/rtnetlink.h>.
public enum RTA {
    public static let dst: UInt16 = 1         // RTA_DST
    public static let src: UInt16 = 2         // RTA_SRC
    public static let iif: UInt16 = 3         // RTA_IIF
    public static let oif: UInt16 = 4         // RTA_OIF
    public static let gateway: UInt16 = 5     // RTA_GATEWAY
    public static let priority: UInt16 = 6    // RTA_PRIORITY (the metric)
    public static let prefsrc: UInt16 = 7     // RTA_PREFSRC
    public static let metrics: UInt16 = 8     // RTA_METRICS
    public static let multipath: UInt16 = 9   // RTA_MULTIPATH (array of struct rtnexthop)
    public static let flow: UInt16 = 11       // RTA_FLOW
    public static let cacheinfo: UInt16 = 12  // RTA_CACHEINFO
    public static let table: UInt16 = 15      // RTA_TABLE (u32, for tables > 255)
    public static let mark: UInt16 = 16       // RTA_MARK
    public static let via: UInt16 = 18        // RTA_VIA (struct rtvia: family + address)
    public static let pref: UInt16 = 20       // RTA_PREF
    public static let expires: UInt16 = 23    // RTA_EXPIRES
    public static let nexthopID: UInt16 = 30  // RTA_NH_ID
}

/// Route types (rtm_type), <linux/rtnetlink.h>.
public struct RouteType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let unspec = RouteType(rawValue: 0)       // RTN_UNSPEC
    public static let unicast = RouteType(rawValue: 1)      // RTN_UNICAST
    public static let local = RouteType(rawValue: 2)        // RTN_LOCAL
    public static let broadcast = RouteType(rawValue: 3)    // RTN_BROADCAST
    public static let anycast = RouteType(rawValue: 4)      // RTN_ANYCAST
    public static let multicast = RouteType(rawValue: 5)    // RTN_MULTICAST
    public static let blackhole = RouteType(rawValue: 6)    // RTN_BLACKHOLE
    public static let unreachable = RouteType(rawValue: 7)  // RTN_UNREACHABLE
    public static let prohibit = RouteType(rawValue: 8)     // RTN_PROHIBIT
    public static let `throw` = RouteType(rawValue: 9)      // RTN_THROW

    public var description: String {
        switch rawValue {
        case 0: "unspec"
        case 1: "unicast"
        case 2: "local"
        case 3: "broadcast"
        case 4: "anycast"
        case 5: "multicast"
        case 6: "blackhole"
        case 7: "unreachable"
        case 8: "prohibit"
        case 9: "throw"
        default: "type\(rawValue)"
        }
    }
}

/// Route origin (rtm_protocol), <linux/rtnetlink.h>; values above RTPROT_STATIC are not
/// interpreted by the kernel. Compare by number (iproute2 prints names from rt_protos).
public struct RouteProtocol: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }
    public static let unspec = RouteProtocol(0)   // RTPROT_UNSPEC
    public static let redirect = RouteProtocol(1) // RTPROT_REDIRECT
    public static let kernel = RouteProtocol(2)   // RTPROT_KERNEL
    public static let boot = RouteProtocol(3)     // RTPROT_BOOT (iproute2's default)
    public static let `static` = RouteProtocol(4) // RTPROT_STATIC
    public static let zebra = RouteProtocol(11)   // RTPROT_ZEBRA
    public static let bird = RouteProtocol(12)    // RTPROT_BIRD
    public static let bgp = RouteProtocol(186)    // RTPROT_BGP (FRR)
    public var description: String { String(rawValue) }
}

/// Route scope (rtm_scope, enum rt_scope_t), <linux/rtnetlink.h>.
public struct RouteScope: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let universe = RouteScope(rawValue: 0)   // RT_SCOPE_UNIVERSE
    public static let site = RouteScope(rawValue: 200)     // RT_SCOPE_SITE
    public static let link = RouteScope(rawValue: 253)     // RT_SCOPE_LINK
    public static let host = RouteScope(rawValue: 254)     // RT_SCOPE_HOST
    /// RT_SCOPE_NOWHERE; in a delete request it is the wildcard "any scope".
    public static let nowhere = RouteScope(rawValue: 255)
    public var description: String {
        switch rawValue {
        case 0: "global"
        case 200: "site"
        case 253: "link"
        case 254: "host"
        case 255: "nowhere"
        default: String(rawValue)
        }
    }
}

/// Reserved routing table ids (enum rt_class_t), <linux/rtnetlink.h>.
public enum RouteTable {
    public static let unspec: UInt32 = 0     // RT_TABLE_UNSPEC
    public static let `default`: UInt32 = 253 // RT_TABLE_DEFAULT
    public static let main: UInt32 = 254     // RT_TABLE_MAIN
    public static let local: UInt32 = 255    // RT_TABLE_LOCAL
}

/// Next-hop flags (rtnh_flags, and the low byte of rtm_flags), <linux/rtnetlink.h>.
public struct NextHopFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let dead = NextHopFlags(rawValue: 1)         // RTNH_F_DEAD
    public static let pervasive = NextHopFlags(rawValue: 2)    // RTNH_F_PERVASIVE
    public static let onlink = NextHopFlags(rawValue: 4)       // RTNH_F_ONLINK
    public static let offload = NextHopFlags(rawValue: 8)      // RTNH_F_OFFLOAD
    public static let linkdown = NextHopFlags(rawValue: 16)    // RTNH_F_LINKDOWN
    public static let unresolved = NextHopFlags(rawValue: 32)  // RTNH_F_UNRESOLVED
    public static let trap = NextHopFlags(rawValue: 64)        // RTNH_F_TRAP
}
