/// Writes entries as the lines of `bgpdump -m` (libbgpdump 1.6.2), one per prefix:
/// `BGP4MP|time|A|peer|peer AS|prefix|AS path|origin|next hop|local pref|MED|communities|AG|aggregator|`,
/// `…|W|peer|peer AS|prefix`, `…|STATE|peer|peer AS|old|new`, and `TABLE_DUMP…|B|…` for RIBs.
/// With `largeCommunities` a large-communities field follows the communities (bgpdump `-l`).
///
/// Order within an UPDATE (as bgpdump): withdrawals (IPv4 field, then MP_UNREACH IPv4
/// unicast/multicast/both, IPv6 unicast/multicast/both), then announcements in the same order.
struct BGPDumpWriter {
    var largeCommunities: Bool

    /// bgpdump keeps at most this many prefixes of one list (`MAX_PREFIXES`).
    static let maxPrefixes = 2000

    // Scratch buffers reused across records (no allocation per record once warmed up).
    private var time: [UInt8] = []
    private var head: [UInt8] = []
    private var tail: [UInt8] = []

    init(largeCommunities: Bool) { self.largeCommunities = largeCommunities }

    mutating func write(_ entry: MRTEntry, _ header: MRTHeader, _ body: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        time.removeAll(keepingCapacity: true)
        time.appendDecimal(header.timestamp)
        if header.type == MRTType.bgp4mpET {
            // `%s.%06ld`: microseconds zero-padded to six digits.
            let us = header.microseconds ?? 0
            time.append(46)
            var pad: UInt32 = 100_000
            while pad > 1, us < pad { time.append(48); pad /= 10 }
            time.appendDecimal(us)
        }
        switch entry {
        case .stateChange(let s):
            out.appendASCII(header.type == MRTType.bgp4mpET ? "BGP4MP_ET|" : "BGP4MP|")
            out.append(contentsOf: time)
            out.appendASCII("|STATE|")
            s.peer.append(to: &out)
            out.append(124); out.appendDecimal(s.peerAS)
            out.append(124); out.appendDecimal(UInt32(s.oldState))
            out.append(124); out.appendDecimal(UInt32(s.newState))
            out.append(10)
        case .message(let m):
            if let u = m.update { writeUpdate(u, m, header, body, into: &out) }
        case .tableDump(let t):
            writeTableDump(t, body, into: &out)
        case .rib(let rib):
            writeRIB(rib, body, into: &out)
        case .peerIndexTable, .skipped:
            break
        }
    }

    // MARK: BGP4MP UPDATE

    private func format(_ header: MRTHeader) -> StaticString {
        let et = header.type == MRTType.bgp4mpET
        let local = BGP4MPSubtype.isLocal(header.subtype)
        let ap = BGP4MPSubtype.isAddPath(header.subtype)
        switch (et, local, ap) {
        case (false, false, false): return "BGP4MP|"
        case (true, false, false): return "BGP4MP_ET|"
        case (false, true, false): return "BGP4MP_LOCAL|"
        case (true, true, false): return "BGP4MP_ET_LOCAL|"
        case (false, false, true): return "BGP4MP_AP|"
        case (true, false, true): return "BGP4MP_ET_AP|"
        case (false, true, true): return "BGP4MP_LOCAL_AP|"
        case (true, true, true): return "BGP4MP_ET_LOCAL_AP|"
        }
    }

    private mutating func makeHead(_ kind: StaticString, _ m: BGP4MPMessage, _ header: MRTHeader) {
        head.removeAll(keepingCapacity: true)
        head.appendASCII(format(header))
        head.append(contentsOf: time)
        head.appendASCII(kind)
        m.peer.append(to: &head)
        head.append(124)
        head.appendDecimal(m.peerAS)
        head.append(124)
    }

    private static let families: [(afi: Int, safi: Int)] = [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3)]

    private mutating func writeUpdate(_ u: UpdateView, _ m: BGP4MPMessage, _ header: MRTHeader,
                                      _ body: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let a = u.attributes
        let addPath = BGP4MPSubtype.isAddPath(header.subtype)
        if !u.withdrawn.isEmpty || a.has(15) {
            makeHead("|W|", m, header)
            writeWithdrawals(body, u.withdrawn, v6: false, addPath: addPath, into: &out)
            for f in BGPDumpWriter.families {
                if let w = a.withdrawn(afi: f.afi, safi: f.safi) {
                    writeWithdrawals(body, w.nlri, v6: f.afi == 2, addPath: addPath, into: &out)
                }
            }
        }
        if !u.nlri.isEmpty || a.has(14) {
            makeHead("|A|", m, header)
            if !u.nlri.isEmpty {
                // IPv4 NLRI field: next hop from the NEXT_HOP attribute.
                tail.removeAll(keepingCapacity: true)
                appendPathAndOrigin(a, into: &tail)
                tail.appendIPv4(a.nextHop); tail.append(124)
                appendPrefMED(a, signed: false, into: &tail)
                appendCommunitiesToEnd(a, into: &tail)
                writeAnnouncements(body, u.nlri, v6: false, addPath: addPath, into: &out)
            }
            for f in BGPDumpWriter.families {
                guard let r = a.announced(afi: f.afi, safi: f.safi) else { continue }
                tail.removeAll(keepingCapacity: true)
                let knownNextHop = r.nextHopLength == 4 || r.nextHopLength == 16 || r.nextHopLength == 32
                if f.afi == 1 {
                    appendPathAndOrigin(a, into: &tail)
                    if knownNextHop {
                        appendNextHop(r, into: &tail)
                        appendPrefMED(a, signed: true, into: &tail)
                    }
                } else if knownNextHop {
                    appendPathAndOrigin(a, into: &tail)
                    appendNextHop(r, into: &tail)
                    appendPrefMED(a, signed: false, into: &tail)
                }
                appendCommunitiesToEnd(a, into: &tail)
                writeAnnouncements(body, r.nlri, v6: f.afi == 2, addPath: addPath, into: &out)
            }
        }
    }

    private func appendPathAndOrigin(_ a: DumpAttributes, into t: inout [UInt8]) {
        if a.has(2), let p = a.asPath { t.append(contentsOf: p.text) }
        t.append(124)
        switch a.origin {
        case 0: t.appendASCII("IGP|")
        case 1: t.appendASCII("EGP|")
        default: t.appendASCII("INCOMPLETE|")
        }
    }

    private func appendNextHop(_ r: DumpAttributes.MPFamily, into t: inout [UInt8]) {
        if r.nextHopLength == 4 { t.appendIPv4(r.nextHop.ipv4) } else { t.appendIPv6(r.nextHop) }
        t.append(124)
    }

    /// Local preference and MED, 0 when absent; bgpdump prints them `%d` for MP IPv4 families.
    private func appendPrefMED(_ a: DumpAttributes, signed: Bool, into t: inout [UInt8]) {
        let pref = a.has(5) ? a.localPref : 0
        let med = a.has(4) ? a.med : 0
        if signed {
            t.appendSignedDecimal(Int32(bitPattern: pref)); t.append(124)
            t.appendSignedDecimal(Int32(bitPattern: med)); t.append(124)
        } else {
            t.appendDecimal(pref); t.append(124)
            t.appendDecimal(med); t.append(124)
        }
    }

    /// `communities|[large communities|]AG|aggregator|\n`.
    private func appendCommunitiesToEnd(_ a: DumpAttributes, into t: inout [UInt8]) {
        if a.has(8), let c = a.communities { t.append(contentsOf: c.dropFirst()) }
        t.append(124)
        if largeCommunities {
            if a.has(32), let c = a.largeCommunities { t.append(contentsOf: c.dropFirst()) }
            t.append(124)
        }
        t.appendASCII(a.has(6) ? "AG|" : "NAG|")
        if a.aggregatorAddress != 0xFFFF_FFFF {
            t.appendDecimal(a.aggregatorAS); t.append(32); t.appendIPv4(a.aggregatorAddress)
        }
        t.appendASCII("|\n")
    }

    private func writeWithdrawals(_ body: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, v6: Bool, addPath: Bool,
                                  into out: inout [UInt8]) {
        BGPDumpWriter.forEachPrefix(body, range, addPath: addPath) { length, address, pathID in
            out.append(contentsOf: head)
            appendPrefix(v6, address, length, into: &out)
            if addPath { out.append(124); out.appendDecimal(pathID) }
            out.append(10)
        }
    }

    private func writeAnnouncements(_ body: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, v6: Bool, addPath: Bool,
                                    into out: inout [UInt8]) {
        BGPDumpWriter.forEachPrefix(body, range, addPath: addPath) { length, address, pathID in
            out.append(contentsOf: head)
            appendPrefix(v6, address, length, into: &out)
            out.append(124)
            if addPath { out.appendDecimal(pathID); out.append(124) }
            out.append(contentsOf: tail)
        }
    }

    @inline(__always)
    private func appendPrefix(_ v6: Bool, _ address: IPv6Bytes, _ length: UInt8, into out: inout [UInt8]) {
        if v6 { out.appendIPv6(address) } else { out.appendIPv4(address.ipv4) }
        out.append(47)
        out.appendDecimal(UInt32(length))
    }

    /// Walks a prefix list (RFC 4271 §4.3; RFC 7911 §3 path identifiers) as bgpdump does: a
    /// prefix cut by the end of the list ends it; bytes are printed as sent (host bits kept).
    static func forEachPrefix(_ body: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, addPath: Bool,
                              _ visit: (UInt8, IPv6Bytes, UInt32) -> Void) {
        var r = LenientReader(body, range)
        var count = 0
        while r.remaining > 0 {
            let pathID = addPath ? r.u32() : 0
            let length = r.u8()
            let octets = (Int(length) + 7) / 8
            guard r.remaining >= octets else { break }
            let address = r.bytes16(octets)
            count += 1
            if count <= maxPrefixes { visit(length, address, pathID) }
        }
    }

    // MARK: RIB dumps

    private mutating func writeTableDump(_ t: TableDumpRoute, _ body: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let a = t.attributes
        out.appendASCII("TABLE_DUMP|")
        out.append(contentsOf: time)
        out.appendASCII("|B|")
        t.peer.append(to: &out)
        out.append(124)
        out.appendDecimal(t.peerAS)
        out.append(124)
        appendPrefix(t.isIPv6, t.prefix, t.prefixLength, into: &out)
        out.append(124)
        appendPathAndOrigin(a, into: &out)
        if a.has(14), let r = a.announced(afi: 2, safi: 1) { out.appendIPv6(r.nextHop) } else { out.appendIPv4(a.nextHop) }
        out.append(124)
        appendPrefMED(a, signed: false, into: &out)
        appendCommunitiesToEnd(a, into: &out)
    }

    private mutating func writeRIB(_ rib: RIBRecord, _ body: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        for e in rib.entries {
            guard let peer = e.peer else { continue }
            let a = e.attributes
            out.appendASCII(rib.addPath ? "TABLE_DUMP2_AP|" : "TABLE_DUMP2|")
            out.append(contentsOf: time)
            out.appendASCII("|B|")
            peer.address.append(to: &out)
            out.append(124)
            out.appendDecimal(peer.asn)
            out.append(124)
            appendPrefix(rib.isIPv6, rib.prefix, rib.prefixLength, into: &out)
            out.append(124)
            if rib.addPath { out.appendDecimal(e.pathID); out.append(124) }
            if let p = a.asPath { out.append(contentsOf: p.text) }
            out.append(124)
            switch a.origin {
            case 0: out.appendASCII("IGP|")
            case 1: out.appendASCII("EGP|")
            default: out.appendASCII("INCOMPLETE|")
            }
            // RFC 6396 §4.3.4: the next hop sits in the abbreviated MP_REACH_NLRI.
            if a.has(14), let r = a.announced(afi: 2, safi: 1) ?? a.announced(afi: 1, safi: 1) {
                if r.nextHopLength == 4 { out.appendIPv4(r.nextHop.ipv4) } else if r.nextHopLength == 16 || r.nextHopLength == 32 { out.appendIPv6(r.nextHop) }
            } else {
                out.appendIPv4(a.nextHop)
            }
            out.append(124)
            appendPrefMED(a, signed: false, into: &out)
            appendCommunitiesToEnd(a, into: &out)
        }
    }
}
