/// Path attributes as bgpdump reads them (RFC 4271 §4.3, §5; RFC 4760 §3–4 MP_REACH/MP_UNREACH;
/// RFC 6396 §4.3.4 abbreviated MP_REACH in TABLE_DUMP_V2; RFC 6793 AS4_PATH/AS4_AGGREGATOR;
/// RFC 1997 communities; RFC 8092 large communities). Values that bgpdump prints are kept in
/// the form it prints them; NLRI stay as byte ranges of the record and are walked when printed.
struct DumpAttributes {
    /// One MP_REACH_NLRI or MP_UNREACH_NLRI family: next hop (reach only) and the NLRI bytes.
    struct MPFamily {
        var nextHopLength: UInt8 = 0
        var nextHop = IPv6Bytes()
        var nlri: Range<Int> = 0..<0
    }

    /// Bit `type - 1` is set for each attribute type present (types 1…64), as bgpdump's flags.
    var flags: UInt64 = 0
    /// ORIGIN value, or -1 when absent.
    var origin: Int = -1
    var asPath: ASPathText? = nil
    var nextHop: UInt32 = 0xFFFF_FFFF
    var med: UInt32 = 0
    var localPref: UInt32 = 0
    var aggregatorAS: UInt32 = 0
    /// 255.255.255.255 means "no aggregator" to bgpdump.
    var aggregatorAddress: UInt32 = 0xFFFF_FFFF
    var communities: [UInt8]? = nil
    var largeCommunities: [UInt8]? = nil
    /// MP_REACH / MP_UNREACH by (AFI 0…2, SAFI 0…3): index `afi * 4 + safi`.
    var announce: [MPFamily?] = []
    var withdraw: [MPFamily?] = []
    /// The attribute bytes of the record (for counting distinct attribute sets).
    var raw: Range<Int> = 0..<0

    static let maxAFI = 2, maxSAFI = 3

    func has(_ code: UInt8) -> Bool { code >= 1 && code <= 64 && flags & (1 << UInt64(code - 1)) != 0 }

    func announced(afi: Int, safi: Int) -> MPFamily? {
        announce.isEmpty ? nil : announce[afi * 4 + safi]
    }

    func withdrawn(afi: Int, safi: Int) -> MPFamily? {
        withdraw.isEmpty ? nil : withdraw[afi * 4 + safi]
    }

    /// Reads the 2-byte total length and the attributes that follow from `r` (RFC 4271 §4.3).
    /// `asnLength` is 2 or 4 (RFC 6793 §4); `addPath` says NLRI in MP attributes carry path IDs.
    init(_ r: inout LenientReader, asnLength: Int) {
        let total = Int(r.u16())
        var s = r.take(total)
        raw = s.range
        var as4Path: Range<Int>? = nil
        var asPathRange: Range<Int>? = nil
        var as4AggregatorAS: UInt32 = 0
        var as4AggregatorAddress: UInt32 = 0xFFFF_FFFF
        while s.remaining > 0 {
            let flag = s.u8()
            let type = s.u8()
            let length = flag & 0x10 != 0 ? Int(s.u16()) : Int(s.u8())
            var a = s.take(length)
            // A truncated attribute is skipped (and the list ends with it: nothing remains).
            guard a.remaining == length else { break }
            if type >= 1 && type <= 64 { flags |= 1 << UInt64(type - 1) }
            switch type {
            case 1: origin = Int(a.u8())
            case 2:
                asPathRange = a.range
                asPath = ASPathText(a.base, a.range, asnLength: asnLength)
            case 3: nextHop = a.u32()
            case 4: med = a.u32()
            case 5: localPref = a.u32()
            case 7:
                aggregatorAS = asnLength == 4 ? a.u32() : UInt32(a.u16())
                aggregatorAddress = a.u32()
            case 8: communities = DumpAttributes.communityText(&a, count: length / 4)
            case 14: readMPReach(&a)
            case 15: readMPUnreach(&a)
            case 17: as4Path = a.range
            case 18:
                as4AggregatorAS = a.u32()
                as4AggregatorAddress = a.u32()
            case 32: largeCommunities = DumpAttributes.largeCommunityText(&a, count: length / 12)
            default: break
            }
        }
        guard asnLength == 2 else { return }
        // RFC 6793 §4.2.3 as bgpdump applies it: AS4_AGGREGATOR replaces an AGGREGATOR of
        // AS_TRANS; with any other AGGREGATOR present, AS4_PATH is then ignored as well.
        if has(7), has(18) {
            guard aggregatorAS == 23456 else { return }
            aggregatorAS = as4AggregatorAS
            aggregatorAddress = as4AggregatorAddress
        }
        guard let as4 = as4Path, let path = asPath, let pathRange = asPathRange else { return }
        let as4Text = ASPathText(s.base, as4, asnLength: 4)
        guard path.count >= as4Text.count else { return }
        asPath = ASPathText.merged(asPath: s.base, pathRange, pathCount: path.count, as4Path: as4, as4Count: as4Text.count)
    }

    private static func slot(_ list: inout [MPFamily?], afi: Int, safi: Int) -> Bool {
        if list.isEmpty { list = Array(repeating: nil, count: 12) }
        return list[afi * 4 + safi] == nil
    }

    /// Next hop length and address; lengths other than 4, 16 and 32 leave the address unread.
    private static func nextHop(_ a: inout LenientReader) -> MPFamily {
        var f = MPFamily()
        f.nextHopLength = a.u8()
        switch f.nextHopLength {
        case 4: f.nextHop = a.bytes16(4)
        case 16: f.nextHop = a.bytes16(16)
        case 32: f.nextHop = a.bytes16(16); a.skip(16)
        default: break
        }
        return f
    }

    /// MP_REACH_NLRI (RFC 4760 §3). A first byte that is not zero cannot start an AFI: it is the
    /// next-hop length of the abbreviated form of RFC 6396 §4.3.4, filed as IPv6 unicast.
    private mutating func readMPReach(_ a: inout LenientReader) {
        if a.peek() != 0 {
            if DumpAttributes.slot(&announce, afi: 2, safi: 1) { announce[9] = DumpAttributes.nextHop(&a) }
            return
        }
        let afi = Int(a.u16()), safi = Int(a.u8())
        guard afi <= DumpAttributes.maxAFI, safi <= DumpAttributes.maxSAFI, DumpAttributes.slot(&announce, afi: afi, safi: safi) else { return }
        var f = DumpAttributes.nextHop(&a)
        let snpaCount = a.u8()
        for _ in 0..<snpaCount { a.skip(Int(a.u8())) }
        f.nlri = a.range
        announce[afi * 4 + safi] = f
    }

    /// MP_UNREACH_NLRI (RFC 4760 §4).
    private mutating func readMPUnreach(_ a: inout LenientReader) {
        let afi = Int(a.u16()), safi = Int(a.u8())
        guard afi <= DumpAttributes.maxAFI, safi <= DumpAttributes.maxSAFI, DumpAttributes.slot(&withdraw, afi: afi, safi: safi) else { return }
        var f = MPFamily()
        f.nlri = a.range
        withdraw[afi * 4 + safi] = f
    }

    /// bgpdump builds these texts in a BUFSIZ (8192) buffer; what does not fit is cut.
    private static let textLimit = 8191

    /// ` a:b` per community; the well-known ones of RFC 1997 by name.
    static func communityText(_ a: inout LenientReader, count: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count * 11)
        var item = [UInt8]()
        for _ in 0..<count {
            let v = a.u32()
            item.removeAll(keepingCapacity: true)
            switch v {
            case 0xFFFF_FF01: item.appendASCII(" no-export")
            case 0xFFFF_FF02: item.appendASCII(" no-advertise")
            case 0xFFFF_FF03: item.appendASCII(" local-AS")
            default:
                item.append(32)
                item.appendDecimal(v >> 16)
                item.append(58)
                item.appendDecimal(v & 0xffff)
                // snprintf cuts a numeric item to what fits.
                let room = textLimit - out.count
                out.append(contentsOf: item.prefix(max(room, 0)))
                continue
            }
            // strlcat appends a named one only when it fits whole.
            if out.count + item.count < textLimit + 1 { out.append(contentsOf: item) }
        }
        return out
    }

    /// ` g:l1:l2` per large community (RFC 8092 §3).
    static func largeCommunityText(_ a: inout LenientReader, count: Int) -> [UInt8] {
        var out = [UInt8]()
        var item = [UInt8]()
        for _ in 0..<count {
            item.removeAll(keepingCapacity: true)
            item.append(32)
            item.appendDecimal(a.u32()); item.append(58)
            item.appendDecimal(a.u32()); item.append(58)
            item.appendDecimal(a.u32())
            out.append(contentsOf: item.prefix(max(textLimit - out.count, 0)))
        }
        return out
    }
}
