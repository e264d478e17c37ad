/// MRT type and subtype codes (RFC 6396 §4, RFC 8050 §4 for the ADD-PATH subtypes) and their
/// names for the summary.
public enum MRTType {
    /// TABLE_DUMP (RFC 6396 §4.2).
    public static let tableDump: UInt16 = 12
    /// TABLE_DUMP_V2 (RFC 6396 §4.3).
    public static let tableDumpV2: UInt16 = 13
    /// BGP4MP (RFC 6396 §4.4).
    public static let bgp4mp: UInt16 = 16
    /// BGP4MP_ET: BGP4MP with a microsecond timestamp in the header (RFC 6396 §3, §4.4).
    public static let bgp4mpET: UInt16 = 17

    /// The record type's RFC name, or `TYPE_<n>` for one this reader does not know.
    public static func name(_ type: UInt16) -> String {
        switch type {
        case 11: "OSPFv2"
        case tableDump: "TABLE_DUMP"
        case tableDumpV2: "TABLE_DUMP_V2"
        case bgp4mp: "BGP4MP"
        case bgp4mpET: "BGP4MP_ET"
        case 32: "ISIS"
        case 33: "ISIS_ET"
        case 48: "OSPFv3"
        case 49: "OSPFv3_ET"
        default: "TYPE_\(type)"
        }
    }

    /// `TYPE/SUBTYPE` in RFC 6396 / RFC 8050 names.
    public static func name(_ type: UInt16, subtype: UInt16) -> String {
        let sub: String?
        switch type {
        case tableDump:
            sub = subtype == 1 ? "AFI_IPv4" : subtype == 2 ? "AFI_IPv6" : nil
        case tableDumpV2:
            sub = TableDumpV2Subtype.name(subtype)
        case bgp4mp, bgp4mpET:
            sub = BGP4MPSubtype.name(subtype)
        default:
            sub = nil
        }
        return name(type) + "/" + (sub ?? String(subtype))
    }
}

/// BGP4MP / BGP4MP_ET subtypes (RFC 6396 §4.4, RFC 8050 §4).
public enum BGP4MPSubtype {
    public static let stateChange: UInt16 = 0
    public static let message: UInt16 = 1
    public static let messageAS4: UInt16 = 4
    public static let stateChangeAS4: UInt16 = 5
    public static let messageLocal: UInt16 = 6
    public static let messageAS4Local: UInt16 = 7
    public static let messageAddPath: UInt16 = 8
    public static let messageAS4AddPath: UInt16 = 9
    public static let messageLocalAddPath: UInt16 = 10
    public static let messageAS4LocalAddPath: UInt16 = 11

    static func name(_ s: UInt16) -> String? {
        switch s {
        case 0: "STATE_CHANGE"
        case 1: "MESSAGE"
        case 4: "MESSAGE_AS4"
        case 5: "STATE_CHANGE_AS4"
        case 6: "MESSAGE_LOCAL"
        case 7: "MESSAGE_AS4_LOCAL"
        case 8: "MESSAGE_ADDPATH"
        case 9: "MESSAGE_AS4_ADDPATH"
        case 10: "MESSAGE_LOCAL_ADDPATH"
        case 11: "MESSAGE_AS4_LOCAL_ADDPATH"
        default: nil
        }
    }

    /// AS numbers in the record and in the BGP message are 4 octets.
    static func isAS4(_ s: UInt16) -> Bool { s == 4 || s == 5 || s == 7 || s == 9 || s == 11 }
    /// The message was sent by the collector, not received (RFC 6396 §4.4.6).
    static func isLocal(_ s: UInt16) -> Bool { s == 6 || s == 7 || s == 10 || s == 11 }
    /// NLRI carry a path identifier (RFC 8050 §4).
    static func isAddPath(_ s: UInt16) -> Bool { (8...11).contains(s) }
    static func isMessage(_ s: UInt16) -> Bool { s == 1 || s == 4 || (6...11).contains(s) }
}

/// TABLE_DUMP_V2 subtypes (RFC 6396 §4.3, RFC 8050 §4).
public enum TableDumpV2Subtype {
    public static let peerIndexTable: UInt16 = 1
    public static let ribIPv4Unicast: UInt16 = 2
    public static let ribIPv4Multicast: UInt16 = 3
    public static let ribIPv6Unicast: UInt16 = 4
    public static let ribIPv6Multicast: UInt16 = 5
    public static let ribGeneric: UInt16 = 6
    public static let ribIPv4UnicastAddPath: UInt16 = 8
    public static let ribIPv4MulticastAddPath: UInt16 = 9
    public static let ribIPv6UnicastAddPath: UInt16 = 10
    public static let ribIPv6MulticastAddPath: UInt16 = 11
    public static let ribGenericAddPath: UInt16 = 12

    static func name(_ s: UInt16) -> String? {
        switch s {
        case 1: "PEER_INDEX_TABLE"
        case 2: "RIB_IPV4_UNICAST"
        case 3: "RIB_IPV4_MULTICAST"
        case 4: "RIB_IPV6_UNICAST"
        case 5: "RIB_IPV6_MULTICAST"
        case 6: "RIB_GENERIC"
        case 8: "RIB_IPV4_UNICAST_ADDPATH"
        case 9: "RIB_IPV4_MULTICAST_ADDPATH"
        case 10: "RIB_IPV6_UNICAST_ADDPATH"
        case 11: "RIB_IPV6_MULTICAST_ADDPATH"
        case 12: "RIB_GENERIC_ADDPATH"
        default: nil
        }
    }
}
