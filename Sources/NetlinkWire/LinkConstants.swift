/// Constants of rtnetlink links, from <linux/if_link.h> (IFLA_*, IFLA_INFO_*, IFLA_VXLAN_*) and
/// <linux/if_tunnel.h> (IFLA_IPTUN_*); see rtnetlink(7).

/// Link attributes, <linux/if_link.h>.
public enum IFLA {
    public static let address: UInt16 = 1     // IFLA_ADDRESS (link-layer address)
    public static let broadcast: UInt16 = 2   // IFLA_BROADCAST
    public static let ifname: UInt16 = 3      // IFLA_IFNAME
    public static let mtu: UInt16 = 4         // IFLA_MTU
    public static let link: UInt16 = 5        // IFLA_LINK (parent/peer ifindex)
    public static let master: UInt16 = 10     // IFLA_MASTER
    public static let operstate: UInt16 = 16  // IFLA_OPERSTATE
    public static let linkinfo: UInt16 = 18   // IFLA_LINKINFO (nested)
    public static let ifalias: UInt16 = 20    // IFLA_IFALIAS (free text, `ip link set … alias`)
}

/// Nested in IFLA_LINKINFO, <linux/if_link.h>.
public enum IFLAInfo {
    public static let kind: UInt16 = 1        // IFLA_INFO_KIND ("vxlan", "ipip", "veth"…)
    public static let data: UInt16 = 2        // IFLA_INFO_DATA (nested, kind-specific)
    public static let slaveKind: UInt16 = 4   // IFLA_INFO_SLAVE_KIND
}

/// Nested in IFLA_INFO_DATA for kind "vxlan", <linux/if_link.h>.
public enum IFLAVXLAN {
    public static let id: UInt16 = 1          // IFLA_VXLAN_ID (u32 VNI)
    public static let group: UInt16 = 2       // IFLA_VXLAN_GROUP
    public static let link: UInt16 = 3        // IFLA_VXLAN_LINK (u32 ifindex of the underlay)
    public static let local: UInt16 = 4       // IFLA_VXLAN_LOCAL (IPv4, network order)
    public static let ttl: UInt16 = 5         // IFLA_VXLAN_TTL
    public static let learning: UInt16 = 7    // IFLA_VXLAN_LEARNING (u8)
    public static let port: UInt16 = 15       // IFLA_VXLAN_PORT (u16, NETWORK byte order)
    public static let group6: UInt16 = 16     // IFLA_VXLAN_GROUP6
    public static let local6: UInt16 = 17     // IFLA_VXLAN_LOCAL6
}

/// Nested in IFLA_INFO_DATA for kind "ipip" (and sit), <linux/if_tunnel.h>.
public enum IFLAIPTun {
    public static let link: UInt16 = 1        // IFLA_IPTUN_LINK (u32)
    public static let local: UInt16 = 2       // IFLA_IPTUN_LOCAL (IPv4)
    public static let remote: UInt16 = 3      // IFLA_IPTUN_REMOTE (IPv4)
    public static let ttl: UInt16 = 4         // IFLA_IPTUN_TTL (u8)
    public static let tos: UInt16 = 5         // IFLA_IPTUN_TOS (u8)
    public static let proto: UInt16 = 9       // IFLA_IPTUN_PROTO (u8)
    public static let pmtudisc: UInt16 = 10   // IFLA_IPTUN_PMTUDISC (u8)
    public static let encapType: UInt16 = 15  // IFLA_IPTUN_ENCAP_TYPE (u16)
    public static let encapFlags: UInt16 = 16 // IFLA_IPTUN_ENCAP_FLAGS (u16)
    public static let encapSourcePort: UInt16 = 17      // IFLA_IPTUN_ENCAP_SPORT (u16, network order)
    public static let encapDestinationPort: UInt16 = 18 // IFLA_IPTUN_ENCAP_DPORT (u16, network order)
    public static let fwmark: UInt16 = 20     // IFLA_IPTUN_FWMARK (u32)
}

/// RFC 2863 operational states (IFLA_OPERSTATE values, IF_OPER_*), <linux/if.h>.
public enum IFOper {
    public static let unknown: UInt8 = 0         // IF_OPER_UNKNOWN
    public static let notPresent: UInt8 = 1      // IF_OPER_NOTPRESENT
    public static let down: UInt8 = 2            // IF_OPER_DOWN
    public static let lowerLayerDown: UInt8 = 3  // IF_OPER_LOWERLAYERDOWN
    public static let dormant: UInt8 = 5         // IF_OPER_DORMANT
    public static let up: UInt8 = 6              // IF_OPER_UP
}

/// Interface flags (ifi_flags), <linux/if.h> (net_device_flags).
public enum IFF {
    public static let up: UInt32 = 0x1           // IFF_UP
    public static let noarp: UInt32 = 0x80       // IFF_NOARP
    public static let lowerUp: UInt32 = 0x10000  // IFF_LOWER_UP
}
