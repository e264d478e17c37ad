/// Constants of interface addresses (<linux/if_addr.h>: IFA_*) and neighbours
/// (<linux/neighbour.h>: NDA_*, NTF_*, NUD_*); see rtnetlink(7).

/// Address attributes, <linux/if_addr.h>.
public enum IFA {
    public static let address: UInt16 = 1    // IFA_ADDRESS (peer address on point-to-point, else = local)
    public static let local: UInt16 = 2      // IFA_LOCAL
    public static let label: UInt16 = 3      // IFA_LABEL
    public static let broadcast: UInt16 = 4  // IFA_BROADCAST
    public static let cacheinfo: UInt16 = 6  // IFA_CACHEINFO
    public static let flags: UInt16 = 8      // IFA_FLAGS (u32, supersedes ifa_flags)

    public static let flagNoDAD: UInt32 = 0x02       // IFA_F_NODAD
    public static let flagPermanent: UInt32 = 0x80   // IFA_F_PERMANENT
}

/// Neighbour attributes, <linux/neighbour.h>.
public enum NDA {
    public static let dst: UInt16 = 1        // NDA_DST (IP; for FDB entries the remote VTEP)
    public static let lladdr: UInt16 = 2     // NDA_LLADDR
    public static let cacheinfo: UInt16 = 3  // NDA_CACHEINFO
    public static let probes: UInt16 = 4     // NDA_PROBES
    public static let vlan: UInt16 = 5       // NDA_VLAN
    public static let port: UInt16 = 6       // NDA_PORT
    public static let vni: UInt16 = 7        // NDA_VNI
    public static let ifindex: UInt16 = 8    // NDA_IFINDEX
    public static let master: UInt16 = 9     // NDA_MASTER
}

/// Neighbour flags (ndm_flags), <linux/neighbour.h>.
public struct NeighbourFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let use = NeighbourFlags(rawValue: 0x01)          // NTF_USE
    public static let `self` = NeighbourFlags(rawValue: 0x02)       // NTF_SELF (the device's own FDB)
    public static let master = NeighbourFlags(rawValue: 0x04)       // NTF_MASTER
    public static let proxy = NeighbourFlags(rawValue: 0x08)        // NTF_PROXY
    public static let extLearned = NeighbourFlags(rawValue: 0x10)   // NTF_EXT_LEARNED
    public static let router = NeighbourFlags(rawValue: 0x80)       // NTF_ROUTER
}

/// Neighbour states (ndm_state), <linux/neighbour.h>.
public struct NeighbourState: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let incomplete = NeighbourState(rawValue: 0x01)  // NUD_INCOMPLETE
    public static let reachable = NeighbourState(rawValue: 0x02)   // NUD_REACHABLE
    public static let stale = NeighbourState(rawValue: 0x04)       // NUD_STALE
    public static let delay = NeighbourState(rawValue: 0x08)       // NUD_DELAY
    public static let probe = NeighbourState(rawValue: 0x10)       // NUD_PROBE
    public static let failed = NeighbourState(rawValue: 0x20)      // NUD_FAILED
    public static let noarp = NeighbourState(rawValue: 0x40)       // NUD_NOARP
    public static let permanent = NeighbourState(rawValue: 0x80)   // NUD_PERMANENT
}
