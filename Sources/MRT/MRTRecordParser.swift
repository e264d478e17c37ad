/// Reads record bodies into `MRTEntry` values (RFC 6396 §4.2–4.4, RFC 8050), keeping the
/// TABLE_DUMP_V2 peer index table between records. Reads are lenient the way bgpdump's are (see
/// `LenientReader`); a record bgpdump would refuse becomes `.skipped` with the reason.
struct MRTRecordParser {
    private(set) var peers: [RIBPeer]? = nil

    mutating func parse(_ header: MRTHeader, _ body: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> MRTEntry {
        var r = LenientReader(body, range)
        switch header.type {
        case MRTType.bgp4mp, MRTType.bgp4mpET:
            return parseBGP4MP(header, &r)
        case MRTType.tableDump:
            return parseTableDump(header, &r)
        case MRTType.tableDumpV2:
            return parseTableDumpV2(header, &r)
        default:
            return .skipped("record type \(MRTType.name(header.type)) is not decoded")
        }
    }

    // MARK: BGP4MP (RFC 6396 §4.4)

    private func parseBGP4MP(_ header: MRTHeader, _ r: inout LenientReader) -> MRTEntry {
        let sub = header.subtype
        if sub == BGP4MPSubtype.stateChange || sub == BGP4MPSubtype.stateChangeAS4 {
            return parseStateChange(header, &r, asnLength: sub == BGP4MPSubtype.stateChangeAS4 ? 4 : 2)
        }
        guard BGP4MPSubtype.isMessage(sub) else {
            return .skipped("BGP4MP subtype \(sub) is not decoded")
        }
        let asnLength = BGP4MPSubtype.isAS4(sub) ? 4 : 2
        let peerAS = asnLength == 4 ? r.u32() : UInt32(r.u16())
        _ = asnLength == 4 ? r.u32() : UInt32(r.u16())  // local AS
        let ifIndex = r.u16()
        var afi = r.u16()
        var peer: RecordAddress
        var markerOK = true
        switch afi {
        case 1:
            peer = RecordAddress(isIPv6: false, bytes: r.bytes16(4))
            r.skip(4)
        case 2:
            peer = RecordAddress(isIPv6: true, bytes: r.bytes16(16))
            r.skip(16)
        case 0xFFFF where ifIndex == 0xFFFF:
            // Old Zebra dumps of OPEN omit interface and addresses: those 4 bytes were marker.
            peer = RecordAddress(isIPv6: false, bytes: IPv6Bytes())
            afi = 1
            for _ in 0..<12 where r.u8() != 0xFF { markerOK = false }
            return message(peer, peerAS, &r, markerOK: markerOK, asnLength: asnLength, addPath: BGP4MPSubtype.isAddPath(sub), skipMarker: true)
        default:
            return .skipped("BGP4MP message with unsupported address family \(afi)")
        }
        return message(peer, peerAS, &r, markerOK: markerOK, asnLength: asnLength, addPath: BGP4MPSubtype.isAddPath(sub), skipMarker: false)
    }

    private func message(_ peer: RecordAddress, _ peerAS: UInt32, _ r: inout LenientReader, markerOK: Bool,
                         asnLength: Int, addPath: Bool, skipMarker: Bool) -> MRTEntry {
        var ok = markerOK
        if !skipMarker {
            for _ in 0..<16 where r.u8() != 0xFF { ok = false }
        }
        guard ok else { return .skipped("BGP message with a bad marker (RFC 4271 §4.1)") }
        let size = Int(r.u16())
        var m = r.take(max(size - 18, 0))
        let type = m.u8()
        var msg = BGP4MPMessage(peer: peer, peerAS: peerAS, messageType: type, update: nil)
        switch type {
        case 2:
            let withdrawnLength = Int(m.u16())
            let withdrawn = m.take(withdrawnLength).range
            let attributes = DumpAttributes(&m, asnLength: asnLength)
            msg.update = UpdateView(withdrawn: withdrawn, attributes: attributes, nlri: m.range)
        case 1, 3, 4:
            break
        default:
            return .skipped("BGP message of type \(type) is not decoded")
        }
        return .message(msg)
    }

    private func parseStateChange(_ header: MRTHeader, _ r: inout LenientReader, asnLength: Int) -> MRTEntry {
        let peerAS = asnLength == 4 ? r.u32() : UInt32(r.u16())
        _ = asnLength == 4 ? r.u32() : UInt32(r.u16())
        if header.length == 8 {
            // Zebra once wrote state changes without interface, family and addresses.
            let old = r.u16(), new = r.u16()
            return .stateChange(BGP4MPStateChange(peer: RecordAddress(isIPv6: false, bytes: IPv6Bytes()), peerAS: peerAS, oldState: old, newState: new))
        }
        _ = r.u16()
        let afi = r.u16()
        let peer: RecordAddress
        switch afi {
        case 1:
            guard header.length == 20 || header.length == 24 else {
                return .skipped("BGP4MP state change of length \(header.length) (IPv4 needs 20 or 24)")
            }
            peer = RecordAddress(isIPv6: false, bytes: r.bytes16(4))
            r.skip(4)
        case 2:
            guard header.length == 44 || header.length == 48 else {
                return .skipped("BGP4MP state change of length \(header.length) (IPv6 needs 44 or 48)")
            }
            peer = RecordAddress(isIPv6: true, bytes: r.bytes16(16))
            r.skip(16)
        default:
            return .skipped("BGP4MP state change with unsupported address family \(afi)")
        }
        let old = r.u16(), new = r.u16()
        return .stateChange(BGP4MPStateChange(peer: peer, peerAS: peerAS, oldState: old, newState: new))
    }

    // MARK: TABLE_DUMP (RFC 6396 §4.2)

    private func parseTableDump(_ header: MRTHeader, _ r: inout LenientReader) -> MRTEntry {
        // Subtypes 1/2 are the RFC's AFI_IPv4/AFI_IPv6; bgpdump adds 3/4 with 4-octet ASes.
        let sub = header.subtype
        guard (1...4).contains(sub) else { return .skipped("TABLE_DUMP subtype \(sub) is not decoded") }
        let v6 = sub == 2 || sub == 4
        _ = r.u16()  // view
        _ = r.u16()  // sequence
        let prefix = r.bytes16(v6 ? 16 : 4)
        let length = r.u8()
        _ = r.u8()   // status
        _ = r.u32()  // originated time
        let peer = r.bytes16(v6 ? 16 : 4)
        let asnLength = sub >= 3 ? 4 : 2
        let peerAS = asnLength == 4 ? r.u32() : UInt32(r.u16())
        let attributes = DumpAttributes(&r, asnLength: asnLength)
        // bgpdump prints IPv6 text only for subtype 2.
        return .tableDump(TableDumpRoute(isIPv6: sub == 2, prefix: prefix, prefixLength: length,
                                         peer: RecordAddress(isIPv6: sub == 2, bytes: peer), peerAS: peerAS,
                                         attributes: attributes))
    }

    // MARK: TABLE_DUMP_V2 (RFC 6396 §4.3)

    private mutating func parseTableDumpV2(_ header: MRTHeader, _ r: inout LenientReader) -> MRTEntry {
        switch header.subtype {
        case TableDumpV2Subtype.peerIndexTable:
            return parsePeerIndexTable(&r)
        case TableDumpV2Subtype.ribIPv4Unicast, TableDumpV2Subtype.ribIPv4UnicastAddPath:
            return parseRIB(&r, v6: false, addPath: header.subtype == TableDumpV2Subtype.ribIPv4UnicastAddPath)
        case TableDumpV2Subtype.ribIPv6Unicast, TableDumpV2Subtype.ribIPv6UnicastAddPath:
            return parseRIB(&r, v6: true, addPath: header.subtype == TableDumpV2Subtype.ribIPv6UnicastAddPath)
        default:
            return .skipped("TABLE_DUMP_V2 subtype \(TableDumpV2Subtype.name(header.subtype) ?? String(header.subtype)) is not decoded")
        }
    }

    private mutating func parsePeerIndexTable(_ r: inout LenientReader) -> MRTEntry {
        _ = r.u32()  // collector BGP ID
        let viewNameLength = Int(r.u16())
        r.skip(viewNameLength)
        let count = Int(r.u16())
        var table = [RIBPeer]()
        // Each entry takes at least 7 bytes: never reserve more than the body can hold.
        table.reserveCapacity(min(count, r.remaining / 7 + 1))
        for _ in 0..<count {
            let peerType = r.u8()
            _ = r.u32()  // peer BGP ID
            let v6 = peerType & 1 != 0
            let address = r.bytes16(v6 ? 16 : 4)
            let asn = peerType & 2 != 0 ? r.u32() : UInt32(r.u16())
            table.append(RIBPeer(address: RecordAddress(isIPv6: v6, bytes: address), asn: asn))
        }
        peers = table
        return .peerIndexTable(count: count)
    }

    private func parseRIB(_ r: inout LenientReader, v6: Bool, addPath: Bool) -> MRTEntry {
        _ = r.u32()  // sequence
        let length = r.u8()
        let prefix = r.bytes16((Int(length) + 7) / 8)
        let count = Int(r.u16())
        var entries = [RIBEntry]()
        entries.reserveCapacity(min(count, r.remaining / 8 + 1))
        for _ in 0..<count {
            let index = Int(r.u16())
            _ = r.u32()  // originated time
            let pathID = addPath ? r.u32() : 0
            // RFC 6396 §4.3.4: attributes in RIB entries always use 4-octet AS numbers.
            let attributes = DumpAttributes(&r, asnLength: 4)
            let peer = peers.flatMap { index < $0.count ? $0[index] : nil }
            entries.append(RIBEntry(peer: peer, pathID: pathID, attributes: attributes))
        }
        return .rib(RIBRecord(isIPv6: v6, addPath: addPath, prefix: prefix, prefixLength: length, entries: entries))
    }
}
