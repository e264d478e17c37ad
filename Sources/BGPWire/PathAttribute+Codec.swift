/// One path attribute on the wire (RFC 4271 §4.3, §5): the flags each attribute is sent with,
/// decoding one attribute's value with its RFC 7606 checks, encoding it, and the RFC 4271 §5
/// rule for passing unknown attributes on.
///
/// Encoding rules: known attributes are written with the flags their RFC gives (below); an
/// `.unknown` attribute is written with the flags it holds. The Extended Length bit is set only
/// when the value is longer than 255 bytes. Passing an attribute on to another peer is a separate,
/// explicit step, `passingOn()`: it sets Partial on unknown optional transitive attributes and
/// drops unknown optional non-transitive ones (RFC 4271 §5). `encode` itself never drops or
/// changes an attribute, so encode-then-decode is the identity.
import NetCore

extension PathAttribute {
    /// The attribute type code.
    public var code: AttributeCode {
        switch self {
        case .origin: .origin
        case .asPath: .asPath
        case .nextHop: .nextHop
        case .multiExitDisc: .multiExitDisc
        case .localPref: .localPref
        case .atomicAggregate: .atomicAggregate
        case .aggregator: .aggregator
        case .communities: .communities
        case .originatorID: .originatorID
        case .clusterList: .clusterList
        case .mpReachNLRI: .mpReachNLRI
        case .mpUnreachNLRI: .mpUnreachNLRI
        case .extendedCommunities: .extendedCommunities
        case .as4Path: .as4Path
        case .as4Aggregator: .as4Aggregator
        case .largeCommunities: .largeCommunities
        case .onlyToCustomer: .onlyToCustomer
        case .unknown(let u): u.code
        }
    }

    /// Optional and Transitive bits each known attribute is defined with (RFC 4271 §5 well-known
    /// attributes are transitive; the others per their RFC); nil for codes this module does not know.
    /// (Raw bits, not an option-set literal: this runs for every attribute decoded.)
    @inline(__always)
    static func definedFlags(_ code: UInt8) -> UInt8? {
        switch code {
        case 1, 2, 3, 5, 6: 0x40                 // transitive. RFC 4271 §5.1: well-known
        case 4, 9, 10, 14, 15: 0x80              // optional. MED; RFC 4456 §8; RFC 4760 §3, §4
        case 7, 8, 16, 17, 18, 32, 35: 0xC0      // optional transitive. RFC 4271, 1997, 4360, 6793, 8092, 9234
        default: nil
        }
    }

    /// The flags this attribute is sent with, without Extended Length (added by the encoder).
    public var flags: AttributeFlags {
        if case .unknown(let u) = self { return u.flags.subtracting(.extendedLength) }
        return AttributeFlags(rawValue: PathAttribute.definedFlags(code.rawValue) ?? 0xC0)
    }

    // MARK: Decoding

    /// Decodes one attribute from its flags, type code and value, checking it as RFC 7606 §7
    /// says. Throws the classed error (`action` says whether the UPDATE is treat-as-withdraw, the
    /// attribute is discarded, or the session must be reset). Byte offsets in the reason count
    /// from this attribute's flags octet. Unknown optional attributes are returned as `.unknown`;
    /// an unknown well-known one is 3/2, session reset (RFC 4271 §6.3).
    public static func decode(flags: AttributeFlags, code: AttributeCode, value: ArraySlice<UInt8>,
                              context: DecodeContext) throws(AttributeError) -> PathAttribute {
        var notes: [AttributeError] = []
        let site = AttributeSite(flags: flags.rawValue, code: code.rawValue, value: value, messageOffset: 0)
        if let a = try decode(site: site, context: context, mrtFamily: nil, notes: &notes) { return a }
        // Dropped without a fault of its own: say why, as an attribute-discard finding.
        if let note = notes.first { throw note }
        let fault = AttributeMalformation.optional("received from an external peer; discarded (RFC 7606 §7.5, §7.9, §7.10)")
        throw AttributeError(site: site, fault: fault, action: .attributeDiscard, context: context)
    }

    /// The decoder behind both entry points. Returns nil when the attribute is dropped without
    /// being malformed (an eBGP-only drop or an AS4 attribute between 4-octet speakers); notes
    /// (attribute-discard findings that do not stop the attribute) are appended to `notes`.
    static func decode(site: AttributeSite, context: DecodeContext, mrtFamily: AddressFamily?,
                       notes: inout [AttributeError]) throws(AttributeError) -> PathAttribute? {
        let code = site.code
        guard let defined = definedFlags(code) else {
            // RFC 4271 §6.3: an unrecognized well-known attribute is 3/2 (RFC 7606 keeps it).
            guard site.flags & AttributeFlags.optional.rawValue != 0 else {
                let fault = AttributeMalformation(
                    subcode: UpdateMessageErrorSubcode.unrecognizedWellKnownAttribute.rawValue,
                    detail: "type code \(code) is not known but the Optional bit is clear (unrecognized well-known attribute)",
                    at: nil, carriesAttribute: true)
                throw AttributeError(site: site, fault: fault, action: .sessionReset, context: context)
            }
            // Keep O, T and P; Extended Length is a wire matter and the low four bits are unused.
            let kept = AttributeFlags(rawValue: site.flags & 0xE0)
            return .unknown(UnknownAttribute(flags: kept, code: AttributeCode(rawValue: code), value: Array(site.value)))
        }
        let action = rfc7606Action(for: code, externalPeer: context.externalPeer)

        // RFC 7606 §7.5, §7.9, §7.10: from an external peer these are discarded whatever they hold;
        // only a malformed one is worth a log line.
        let ibgpOnly = code == AttributeCode.localPref.rawValue || code == AttributeCode.originatorID.rawValue
            || code == AttributeCode.clusterList.rawValue
        // RFC 6793 §4.1: AS4_PATH / AS4_AGGREGATOR between NEW speakers are discarded.
        if context.fourOctetAS, code == AttributeCode.as4Path.rawValue || code == AttributeCode.as4Aggregator.rawValue {
            let fault = AttributeMalformation.optional("received on a 4-octet AS session, where it must not appear (RFC 6793 §4.1); discarded")
            notes.append(AttributeError(site: site, fault: fault, action: .attributeDiscard, context: context))
            return nil
        }

        // RFC 7606 §3 c: only the Optional and Transitive bits are checked; a conflict is
        // treat-as-withdraw, except MP_REACH/MP_UNREACH (§5.3: session reset).
        let got = site.flags & 0xC0
        guard got == defined else {
            let fault = AttributeMalformation(
                subcode: UpdateMessageErrorSubcode.attributeFlagsError.rawValue,
                detail: "flags 0x\(String(site.flags, radix: 16)) have Optional=\(got & 0x80 != 0 ? 1 : 0) Transitive=\(got & 0x40 != 0 ? 1 : 0), expected Optional=\(defined & 0x80 != 0 ? 1 : 0) Transitive=\(defined & 0x40 != 0 ? 1 : 0)",
                at: nil, carriesAttribute: true)
            let flagsAction: ErrorAction = action == .sessionReset ? .sessionReset
                : (ibgpOnly && context.externalPeer ? .attributeDiscard : .treatAsWithdraw)
            throw AttributeError(site: site, fault: fault, action: flagsAction, context: context)
        }

        let decoded: PathAttribute
        do {
            decoded = try decodeValue(site: site, context: context, mrtFamily: mrtFamily)
        } catch {
            throw AttributeError(site: site, fault: error, action: action, context: context)
        }
        if ibgpOnly && context.externalPeer { return nil }
        if case .as4Path(let p) = decoded, p.segments.contains(where: { $0.type == .confedSequence || $0.type == .confedSet }) {
            // RFC 6793 §3: confederation segments in AS4_PATH are discarded, the rest kept, logged.
            let fault = AttributeMalformation.optional("AS_CONFED_SEQUENCE/AS_CONFED_SET segments are not allowed in AS4_PATH (RFC 6793 §3); those segments were removed")
            notes.append(AttributeError(site: site, fault: fault, action: .attributeDiscard, context: context))
            return .as4Path(p.withoutConfederationSegments)
        }
        return decoded
    }

    /// Value checks and decoding per attribute (RFC 7606 §7; zero length is malformed except for
    /// AS_PATH and ATOMIC_AGGREGATE, §4).
    static func decodeValue(site: AttributeSite, context: DecodeContext, mrtFamily: AddressFamily?) throws(AttributeMalformation) -> PathAttribute {
        let v = site.value
        let n = v.count
        switch site.code {
        case 1: // ORIGIN, RFC 7606 §7.1
            guard n == 1 else { throw .length("length \(n), expected 1") }
            guard let o = Origin(rawValue: v[v.startIndex]) else {
                throw AttributeMalformation(subcode: UpdateMessageErrorSubcode.invalidOriginAttribute.rawValue,
                                            detail: "value \(v[v.startIndex]) is not IGP (0), EGP (1) or INCOMPLETE (2)",
                                            at: v.startIndex, carriesAttribute: true)
            }
            return .origin(o)
        case 2: // AS_PATH, RFC 7606 §7.2, RFC 6793 §3
            return .asPath(try ASPath.decode(value: v, width: context.fourOctetAS ? 4 : 2))
        case 3: // NEXT_HOP, RFC 7606 §7.3
            guard n == 4 else { throw .length("length \(n), expected 4") }
            return .nextHop(IPv4Address(rawValue: bigEndianUInt32(v, v.startIndex)))
        case 4: // MULTI_EXIT_DISC, §7.4
            guard n == 4 else { throw .length("length \(n), expected 4") }
            return .multiExitDisc(bigEndianUInt32(v, v.startIndex))
        case 5: // LOCAL_PREF, §7.5
            guard n == 4 else { throw .length("length \(n), expected 4") }
            return .localPref(bigEndianUInt32(v, v.startIndex))
        case 6: // ATOMIC_AGGREGATE, §7.6
            guard n == 0 else { throw .length("length \(n), expected 0") }
            return .atomicAggregate
        case 7: // AGGREGATOR, §7.7: 6 bytes, or 8 with 4-octet AS
            return .aggregator(try decodeAggregator(v, asnWidth: context.fourOctetAS ? 4 : 2))
        case 8: // COMMUNITIES, §7.8
            guard n > 0, n % 4 == 0 else { throw .length("length \(n) is not a non-zero multiple of 4") }
            var out: [Community] = []
            out.reserveCapacity(n / 4)
            var i = v.startIndex
            while i < v.endIndex { out.append(Community(rawValue: bigEndianUInt32(v, i))); i += 4 }
            return .communities(out)
        case 9: // ORIGINATOR_ID, §7.9
            guard n == 4 else { throw .length("length \(n), expected 4") }
            return .originatorID(RouterID(rawValue: bigEndianUInt32(v, v.startIndex)))
        case 10: // CLUSTER_LIST, §7.10
            guard n > 0, n % 4 == 0 else { throw .length("length \(n) is not a non-zero multiple of 4") }
            var out: [UInt32] = []
            out.reserveCapacity(n / 4)
            var i = v.startIndex
            while i < v.endIndex { out.append(bigEndianUInt32(v, i)); i += 4 }
            return .clusterList(out)
        case 14: // MP_REACH_NLRI, RFC 4760 §3
            if let f = mrtFamily { return .mpReachNLRI(try MPReachNLRI.decodeMRT(value: v, family: f, context: context, site: site)) }
            return .mpReachNLRI(try MPReachNLRI.decode(value: v, context: context, site: site))
        case 15: // MP_UNREACH_NLRI, RFC 4760 §4
            return .mpUnreachNLRI(try MPUnreachNLRI.decode(value: v, context: context, site: site))
        case 16: // EXTENDED_COMMUNITIES, §7.14 (unknown types are not errors)
            guard n > 0, n % 8 == 0 else { throw .length("length \(n) is not a non-zero multiple of 8") }
            var out: [ExtendedCommunity] = []
            out.reserveCapacity(n / 8)
            var i = v.startIndex
            while i < v.endIndex {
                out.append(ExtendedCommunity(rawValue: UInt64(bigEndianUInt32(v, i)) << 32 | UInt64(bigEndianUInt32(v, i + 4))))
                i += 8
            }
            return .extendedCommunities(out)
        case 17: // AS4_PATH, RFC 6793 §6 (always 4-octet; zero length is malformed, RFC 7606 §4)
            guard n > 0 else { throw .length("length 0; AS4_PATH must hold at least one segment") }
            do {
                return .as4Path(try ASPath.decode(value: v, width: 4))
            } catch {
                throw .optional(error.detail, at: error.at)
            }
        case 18: // AS4_AGGREGATOR, RFC 6793 §6
            return .as4Aggregator(try decodeAggregator(v, asnWidth: 4))
        case 32: // LARGE_COMMUNITY, RFC 8092 §5
            guard n > 0, n % 12 == 0 else { throw .length("length \(n) is not a non-zero multiple of 12") }
            var out: [LargeCommunity] = []
            out.reserveCapacity(n / 12)
            var i = v.startIndex
            while i < v.endIndex {
                out.append(LargeCommunity(bigEndianUInt32(v, i), bigEndianUInt32(v, i + 4), bigEndianUInt32(v, i + 8)))
                i += 12
            }
            return .largeCommunities(out)
        case 35: // OTC, RFC 9234 §5
            guard n == 4 else { throw .length("length \(n), expected 4") }
            return .onlyToCustomer(ASN(bigEndianUInt32(v, v.startIndex)))
        default:
            // Not reached: decode(site:…) only calls this for codes with definedFlags.
            return .unknown(UnknownAttribute(flags: AttributeFlags(rawValue: site.flags & 0xE0),
                                             code: AttributeCode(rawValue: site.code), value: Array(v)))
        }
    }

    static func decodeAggregator(_ v: ArraySlice<UInt8>, asnWidth: Int) throws(AttributeMalformation) -> Aggregator {
        guard v.count == asnWidth + 4 else {
            throw .length("length \(v.count), expected \(asnWidth + 4) (\(asnWidth)-octet AS and IPv4 address)")
        }
        let s = v.startIndex
        let asn = asnWidth == 4 ? bigEndianUInt32(v, s) : UInt32(v[s]) << 8 | UInt32(v[s + 1])
        return Aggregator(asn: ASN(asn), address: IPv4Address(rawValue: bigEndianUInt32(v, s + asnWidth)))
    }

    // MARK: Encoding

    /// Length of the value as `encode` writes it for `context`.
    public func encodedValueLength(context: EncodeContext) -> Int {
        switch self {
        case .origin: 1
        case .asPath(let p): p.encodedLength(width: context.fourOctetAS ? 4 : 2)
        case .nextHop, .multiExitDisc, .localPref, .originatorID, .onlyToCustomer: 4
        case .atomicAggregate: 0
        case .aggregator: context.fourOctetAS ? 8 : 6
        case .communities(let c): c.count * 4
        case .clusterList(let c): c.count * 4
        case .mpReachNLRI(let m): m.encodedValueLength(context: context)
        case .mpUnreachNLRI(let m): m.encodedValueLength(context: context)
        case .extendedCommunities(let c): c.count * 8
        case .as4Path(let p): p.encodedLength(width: 4)
        case .as4Aggregator: 8
        case .largeCommunities(let c): c.count * 12
        case .unknown(let u): u.value.count
        }
    }

    /// Appends the attribute (flags, type code, 1- or 2-byte length, value). AS_PATH and
    /// AGGREGATOR use 2-octet AS numbers when `context.fourOctetAS` is false, with AS_TRANS for
    /// numbers that do not fit (RFC 6793 §4.2.2; `UpdateMessage.encode` adds AS4_PATH and
    /// AS4_AGGREGATOR). A value longer than 65535 bytes cannot be represented; its length is
    /// written modulo 65536 and callers must keep messages within the size limit anyway.
    @inline(__always)
    public func encode(into w: inout ByteWriter, context: EncodeContext) {
        let length = encodedValueLength(context: context)
        var f = flags
        if length > 255 { f.insert(.extendedLength) }
        w.write(f.rawValue)
        w.write(code.rawValue)
        if length > 255 { w.write(UInt16(truncatingIfNeeded: length)) } else { w.write(UInt8(length)) }
        writeValue(into: &w, context: context)
    }

    /// The attribute's bytes for `context`.
    public func encoded(context: EncodeContext) -> [UInt8] {
        var w = ByteWriter(capacity: encodedValueLength(context: context) + 4)
        encode(into: &w, context: context)
        return w.bytes
    }

    func writeValue(into w: inout ByteWriter, context: EncodeContext) {
        switch self {
        case .origin(let o): w.write(o.rawValue)
        case .asPath(let p): p.write(into: &w, width: context.fourOctetAS ? 4 : 2)
        case .nextHop(let a): w.write(a.rawValue)
        case .multiExitDisc(let v), .localPref(let v): w.write(v)
        case .atomicAggregate: break
        case .aggregator(let a):
            if context.fourOctetAS {
                w.write(a.asn.rawValue)
            } else {
                w.write(UInt16(truncatingIfNeeded: a.asn.isTwoOctet ? a.asn.rawValue : ASN.trans.rawValue))
            }
            w.write(a.address.rawValue)
        case .communities(let c): for x in c { w.write(x.rawValue) }
        case .originatorID(let r): w.write(r.rawValue)
        case .clusterList(let c): for x in c { w.write(x) }
        case .mpReachNLRI(let m): m.writeValue(into: &w, context: context)
        case .mpUnreachNLRI(let m): m.writeValue(into: &w, context: context)
        case .extendedCommunities(let c): for x in c { w.write(x.rawValue) }
        case .as4Path(let p): p.write(into: &w, width: 4)
        case .as4Aggregator(let a):
            w.write(a.asn.rawValue)
            w.write(a.address.rawValue)
        case .largeCommunities(let c):
            for x in c {
                w.write(x.globalAdministrator)
                w.write(x.localData1)
                w.write(x.localData2)
            }
        case .onlyToCustomer(let a): w.write(a.rawValue)
        case .unknown(let u): w.write(contentsOf: u.value)
        }
    }

    // MARK: Passing on (RFC 4271 §5)

    /// The attribute as it may be advertised to another peer after being received (RFC 4271 §5,
    /// §9.1.3 is the caller's): an unknown optional transitive attribute gets the Partial bit; an
    /// unknown optional non-transitive one is not passed on (nil); known attributes are returned
    /// as they are (the RIB decides about MED, LOCAL_PREF, MP attributes and the like).
    public func passingOn() -> PathAttribute? {
        guard case .unknown(var u) = self else { return self }
        guard u.flags.contains(.optional) else { return self }
        guard u.flags.contains(.transitive) else { return nil }
        u.flags.insert(.partial)
        return .unknown(u)
    }
}

/// Big-endian UInt32 at `i`; callers have checked that four bytes are there.
@inline(__always)
fileprivate func bigEndianUInt32(_ b: ArraySlice<UInt8>, _ i: Int) -> UInt32 {
    UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
}
