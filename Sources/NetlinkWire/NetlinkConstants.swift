/// Constants of the netlink envelope, from <linux/netlink.h> (netlink(7)): message types,
/// header flags, attribute flags and extended-ACK attribute types.

/// Control message types (nlmsg_type), <linux/netlink.h>.
public enum NLMSG {
    public static let noop: UInt16 = 1      // NLMSG_NOOP
    public static let error: UInt16 = 2     // NLMSG_ERROR (also the ACK, with error 0)
    public static let done: UInt16 = 3      // NLMSG_DONE (end of a multipart dump)
    public static let overrun: UInt16 = 4   // NLMSG_OVERRUN
}

/// nlmsg_flags, <linux/netlink.h>. Several bits mean different things for NEW, GET, DELETE and
/// ACK messages, so some names share a value (as in the header).
public struct NetlinkFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let request = NetlinkFlags(rawValue: 0x01)       // NLM_F_REQUEST
    public static let multi = NetlinkFlags(rawValue: 0x02)         // NLM_F_MULTI
    public static let ack = NetlinkFlags(rawValue: 0x04)           // NLM_F_ACK
    public static let echo = NetlinkFlags(rawValue: 0x08)          // NLM_F_ECHO
    public static let dumpInterrupted = NetlinkFlags(rawValue: 0x10) // NLM_F_DUMP_INTR
    public static let dumpFiltered = NetlinkFlags(rawValue: 0x20)  // NLM_F_DUMP_FILTERED
    // GET requests
    public static let root = NetlinkFlags(rawValue: 0x100)         // NLM_F_ROOT
    public static let match = NetlinkFlags(rawValue: 0x200)        // NLM_F_MATCH
    public static let atomic = NetlinkFlags(rawValue: 0x400)       // NLM_F_ATOMIC
    public static let dump: NetlinkFlags = [.root, .match]         // NLM_F_DUMP
    // NEW requests
    public static let replace = NetlinkFlags(rawValue: 0x100)      // NLM_F_REPLACE
    public static let excl = NetlinkFlags(rawValue: 0x200)         // NLM_F_EXCL
    public static let create = NetlinkFlags(rawValue: 0x400)       // NLM_F_CREATE
    public static let append = NetlinkFlags(rawValue: 0x800)       // NLM_F_APPEND
    // ACK (NLMSG_ERROR) replies
    public static let capped = NetlinkFlags(rawValue: 0x100)       // NLM_F_CAPPED: request not echoed whole
    public static let ackTLVs = NetlinkFlags(rawValue: 0x200)      // NLM_F_ACK_TLVS: extended ACK attributes follow
}

/// Attribute type flags (nla_type high bits), <linux/netlink.h>.
public enum NLA {
    public static let nested: UInt16 = 0x8000        // NLA_F_NESTED
    public static let netByteOrder: UInt16 = 0x4000  // NLA_F_NET_BYTEORDER
    public static let typeMask: UInt16 = 0x3fff      // NLA_TYPE_MASK
}

/// Extended ACK attributes after an NLMSG_ERROR (enum nlmsgerr_attrs), <linux/netlink.h>.
public enum NLMSGERR {
    public static let message: UInt16 = 1        // NLMSGERR_ATTR_MSG: NUL-terminated text
    public static let offset: UInt16 = 2         // NLMSGERR_ATTR_OFFS: u32 offset of the bad attribute in the request
    public static let cookie: UInt16 = 3         // NLMSGERR_ATTR_COOKIE
    public static let policy: UInt16 = 4         // NLMSGERR_ATTR_POLICY
    public static let missingType: UInt16 = 5    // NLMSGERR_ATTR_MISS_TYPE
    public static let missingNest: UInt16 = 6    // NLMSGERR_ATTR_MISS_NEST
}

/// Socket options (SOL_NETLINK) and the protocol number, <linux/netlink.h>; for the I/O layer.
public enum NetlinkSocketOption {
    public static let netlinkRoute: Int32 = 0     // NETLINK_ROUTE
    public static let capAck: Int32 = 10          // NETLINK_CAP_ACK
    public static let extAck: Int32 = 11          // NETLINK_EXT_ACK
    public static let getStrictCheck: Int32 = 12  // NETLINK_GET_STRICT_CHK
    public static let solNetlink: Int32 = 270     // SOL_NETLINK, <linux/socket.h>
}

/// Address families used in rtnetlink family fields, <linux/socket.h> (bits/socket.h).
public enum AF {
    public static let unspec: UInt8 = 0   // AF_UNSPEC
    public static let inet: UInt8 = 2     // AF_INET
    public static let bridge: UInt8 = 7   // AF_BRIDGE
    public static let inet6: UInt8 = 10   // AF_INET6
    public static let packet: UInt8 = 17  // AF_PACKET
}
