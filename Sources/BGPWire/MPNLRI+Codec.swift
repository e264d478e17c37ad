/// MP_REACH_NLRI and MP_UNREACH_NLRI values (RFC 4760 §3, §4), next-hop length rules (RFC 4760,
/// RFC 2545 §3, RFC 8950 §3), and the RFC 6396 §4.3.4 abbreviated MP_REACH_NLRI of MRT RIB
/// entries. Every fault here is a session reset (RFC 7606 §7.11, §5.3, §3 j).
import NetCore

extension AddressFamily {
    /// Families whose NLRI are plain prefixes (RFC 4760 §5), parsed into `NLRIList`.
    var hasPrefixNLRI: Bool {
        (afi == .ipv4 || afi == .ipv6) && (safi == .unicast || safi == .multicast)
    }
}

extension MPNLRI {
    /// Encoded size when written for a session that does (or does not) use ADD-PATH.
    func encodedLength(addPath: Bool) -> Int {
        switch self {
        case .opaque(let b): return b.count
        case .prefixes(let list):
            if list.addPath == addPath { return list.bytes.count }
            var n = 0
            for e in list { n += NLRIList.encodedSize(e, addPath: addPath) }
            return n
        }
    }

    /// Writes the NLRI, re-encoding path identifiers when the list was built for the other
    /// ADD-PATH mode (a missing path ID is written as 0, RFC 7911 §3).
    func write(into w: inout ByteWriter, addPath: Bool) {
        switch self {
        case .opaque(let b): w.write(contentsOf: b)
        case .prefixes(let list): list.write(into: &w, addPath: addPath)
        }
    }

    /// True when no NLRI are carried.
    public var isEmpty: Bool {
        switch self {
        case .opaque(let b): b.isEmpty
        case .prefixes(let list): list.isEmpty
        }
    }

    static func decode(_ bytes: ArraySlice<UInt8>, family: AddressFamily, context: DecodeContext,
                       site: AttributeSite) throws(AttributeMalformation) -> MPNLRI {
        guard family.hasPrefixNLRI else { return .opaque(Array(bytes)) }
        do {
            return .prefixes(try NLRIList(validating: bytes, afi: family.afi, addPath: context.addPath(family)))
        } catch {
            throw .optional(nlriFault(error, site: site, family: family), at: nil)
        }
    }

    /// RFC 7606 §5.3 faults of an NLRI run, as a sentence with message offsets.
    static func nlriFault(_ e: NLRIList.Malformed, site: AttributeSite, family: AddressFamily) -> String {
        switch e {
        case let .prefixLengthTooLong(offset, length, max):
            "\(family) prefix at byte \(site.offset(of: offset)) has length \(length), more than \(max)"
        case .truncated(let offset):
            "\(family) NLRI entry at byte \(site.offset(of: offset)) runs past the end of the attribute"
        case .unsupportedFamily(let afi):
            "NLRI of address family \(afi) cannot be parsed as prefixes"
        }
    }
}

extension NLRIList {
    /// Writes the entries for a session that does (or does not) use ADD-PATH.
    func write(into w: inout ByteWriter, addPath: Bool) {
        if self.addPath == addPath {
            w.write(contentsOf: bytes)
        } else {
            for e in self { NLRIList.encode(e, addPath: addPath, into: &w) }
        }
    }

    func encodedLength(addPath: Bool) -> Int {
        if self.addPath == addPath { return bytes.count }
        var n = 0
        for e in self { n += NLRIList.encodedSize(e, addPath: addPath) }
        return n
    }
}

extension MPReachNLRI {
    /// RFC 4760 §3: AFI (2), SAFI (1), next-hop length (1), next hop, reserved (1, formerly the
    /// SNPA count: RFC 4760 says ignore it), NLRI.
    static func decode(value: ArraySlice<UInt8>, context: DecodeContext, site: AttributeSite) throws(AttributeMalformation) -> MPReachNLRI {
        let s = value.startIndex
        guard value.count >= 5 else {
            throw .optional("length \(value.count) is shorter than the 5 bytes of AFI, SAFI, next-hop length and reserved byte")
        }
        let family = AddressFamily(afi: AFI(rawValue: UInt16(value[s]) << 8 | UInt16(value[s + 1])),
                                   safi: SAFI(rawValue: value[s + 2]))
        let nhLength = Int(value[s + 3])
        guard nhLength + 5 <= value.count else {
            throw .optional("next-hop length \(nhLength) runs past the attribute (\(value.count - 5) bytes left after the header)", at: s + 3)
        }
        try checkNextHopLength(nhLength, family: family, at: s + 3)
        let nextHop = Array(value[(s + 4)..<(s + 4 + nhLength)])
        let nlri = try MPNLRI.decode(value[(s + 5 + nhLength)...], family: family, context: context, site: site)
        return MPReachNLRI(family: family, nextHop: nextHop, nlri: nlri)
    }

    /// RFC 6396 §4.3.4: in TABLE_DUMP_V2 RIB entries MP_REACH_NLRI holds only the next-hop
    /// length and next hop; the family comes from the record. Some writers still put the full
    /// form there: a first byte of 0 (the high byte of AFI 1 or 2) means the full form.
    static func decodeMRT(value: ArraySlice<UInt8>, family: AddressFamily, context: DecodeContext,
                          site: AttributeSite) throws(AttributeMalformation) -> MPReachNLRI {
        guard let first = value.first, first != 0 else {
            return try decode(value: value, context: context, site: site)
        }
        let nhLength = Int(first)
        guard nhLength + 1 <= value.count else {
            throw .optional("next-hop length \(nhLength) runs past the abbreviated attribute (\(value.count - 1) bytes left)", at: value.startIndex)
        }
        try checkNextHopLength(nhLength, family: family, at: value.startIndex)
        let s = value.startIndex + 1
        let nextHop = Array(value[s..<(s + nhLength)])
        let empty: MPNLRI = family.hasPrefixNLRI
            ? .prefixes(NLRIList([], afi: family.afi, addPath: context.addPath(family))) : .opaque([])
        return MPReachNLRI(family: family, nextHop: nextHop, nlri: empty)
    }

    /// Next-hop lengths for the prefix families: IPv4 4 (or 16/32, an IPv6 next hop for IPv4
    /// NLRI, RFC 8950 §3), IPv6 16 or 32 (global plus link-local, RFC 2545 §3). Other families
    /// are not checked.
    static func checkNextHopLength(_ n: Int, family: AddressFamily, at index: Int) throws(AttributeMalformation) {
        guard family.hasPrefixNLRI else { return }
        let ok = family.afi == .ipv4 ? (n == 4 || n == 16 || n == 32) : (n == 16 || n == 32)
        guard ok else {
            let expected = family.afi == .ipv4 ? "4, 16 or 32" : "16 or 32"
            throw .optional("next-hop length \(n) is not valid for \(family) (\(expected) expected)", at: index)
        }
    }

    func encodedValueLength(context: EncodeContext) -> Int {
        5 + nextHop.count + nlri.encodedLength(addPath: context.addPath(family))
    }

    func writeValue(into w: inout ByteWriter, context: EncodeContext) {
        w.write(family.afi.rawValue)
        w.write(family.safi.rawValue)
        w.write(UInt8(truncatingIfNeeded: nextHop.count))
        w.write(contentsOf: nextHop)
        w.write(UInt8(0))
        nlri.write(into: &w, addPath: context.addPath(family))
    }

    /// The next hop as addresses: the first (global) address, and the link-local one of a
    /// 32-byte IPv6 next hop. nil for other lengths.
    public var nextHopAddresses: (global: IPAddress, linkLocal: IPv6Address?)? {
        switch nextHop.count {
        case 4:
            let b = nextHop
            return (.v4(IPv4Address(b[0], b[1], b[2], b[3])), nil)
        case 16:
            guard let a = IPv6Address(bytes: nextHop) else { return nil }
            return (.v6(a), nil)
        case 32:
            guard let a = IPv6Address(bytes: nextHop[0..<16]), let l = IPv6Address(bytes: nextHop[16..<32]) else { return nil }
            return (.v6(a), l)
        default:
            return nil
        }
    }
}

extension MPUnreachNLRI {
    /// RFC 4760 §4: AFI (2), SAFI (1), withdrawn routes.
    static func decode(value: ArraySlice<UInt8>, context: DecodeContext, site: AttributeSite) throws(AttributeMalformation) -> MPUnreachNLRI {
        let s = value.startIndex
        guard value.count >= 3 else {
            throw .optional("length \(value.count) is shorter than the 3 bytes of AFI and SAFI")
        }
        let family = AddressFamily(afi: AFI(rawValue: UInt16(value[s]) << 8 | UInt16(value[s + 1])),
                                   safi: SAFI(rawValue: value[s + 2]))
        let withdrawn = try MPNLRI.decode(value[(s + 3)...], family: family, context: context, site: site)
        return MPUnreachNLRI(family: family, withdrawn: withdrawn)
    }

    func encodedValueLength(context: EncodeContext) -> Int {
        3 + withdrawn.encodedLength(addPath: context.addPath(family))
    }

    func writeValue(into w: inout ByteWriter, context: EncodeContext) {
        w.write(family.afi.rawValue)
        w.write(family.safi.rawValue)
        withdrawn.write(into: &w, addPath: context.addPath(family))
    }
}
