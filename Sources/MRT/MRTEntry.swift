/// What one MRT record holds, as views into its body bytes (ranges of the body buffer), read
/// with bgpdump's tolerance: RFC 6396 §4.2 TABLE_DUMP, §4.3 TABLE_DUMP_V2, §4.4 BGP4MP.
enum MRTEntry {
    /// BGP4MP STATE_CHANGE[_AS4] (RFC 6396 §4.4.1, §4.4.4): FSM states of RFC 4271 §8.2.2.
    case stateChange(BGP4MPStateChange)
    /// BGP4MP MESSAGE* (RFC 6396 §4.4.2, §4.4.3, §4.4.5, §4.4.6; RFC 8050 §4).
    case message(BGP4MPMessage)
    /// TABLE_DUMP (RFC 6396 §4.2).
    case tableDump(TableDumpRoute)
    /// TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 §4.3.1); the parser keeps it for later RIBs.
    case peerIndexTable(count: Int)
    /// TABLE_DUMP_V2 RIB_IPV4_UNICAST / RIB_IPV6_UNICAST and their ADD-PATH forms
    /// (RFC 6396 §4.3.2, RFC 8050 §4.1).
    case rib(RIBRecord)
    /// Not printed: a type or subtype bgpdump does not print, or a record it rejects.
    case skipped(String)
}

/// An address as it sits in a record: 4 or 16 bytes.
struct RecordAddress: Hashable {
    var isIPv6: Bool
    var bytes: IPv6Bytes

    func append(to out: inout [UInt8]) {
        if isIPv6 { out.appendIPv6(bytes) } else { out.appendIPv4(bytes.ipv4) }
    }
}

struct BGP4MPStateChange {
    var peer: RecordAddress
    var peerAS: UInt32
    var oldState: UInt16
    var newState: UInt16
}

struct BGP4MPMessage {
    /// The remote side: the first AS and address of the record for every subtype (for the
    /// _LOCAL subtypes that is the peer the collector sent to).
    var peer: RecordAddress
    var peerAS: UInt32
    /// BGP message type (RFC 4271 §4.1), 0 when the message is cut before it.
    var messageType: UInt8
    var update: UpdateView?
}

/// An UPDATE (RFC 4271 §4.3): withdrawn routes, attributes, NLRI.
struct UpdateView {
    var withdrawn: Range<Int>
    var attributes: DumpAttributes
    var nlri: Range<Int>
}

struct TableDumpRoute {
    var isIPv6: Bool
    var prefix: IPv6Bytes
    var prefixLength: UInt8
    var peer: RecordAddress
    var peerAS: UInt32
    var attributes: DumpAttributes
}

/// One PEER_INDEX_TABLE entry (RFC 6396 §4.3.1).
struct RIBPeer: Hashable {
    var address: RecordAddress
    var asn: UInt32
}

struct RIBRecord {
    var isIPv6: Bool
    var addPath: Bool
    var prefix: IPv6Bytes
    var prefixLength: UInt8
    var entries: [RIBEntry]
}

/// One RIB entry (RFC 6396 §4.3.4; path identifier of RFC 8050 §4.1).
struct RIBEntry {
    /// nil when the peer index names no peer of the current PEER_INDEX_TABLE.
    var peer: RIBPeer?
    var pathID: UInt32
    var attributes: DumpAttributes
}
