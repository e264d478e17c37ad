/// Capability encode/decode (RFC 5492 §4: code, length, value, several per Capabilities
/// optional parameter). A known capability whose value is malformed is kept as `.unknown` with
/// its bytes, so it is simply "not understood" (RFC 5492 §4: such a capability is ignored)
/// rather than failing the OPEN; none of the RFCs below demands a NOTIFICATION for a malformed
/// value. Specific rules: RFC 7911 §4 (an ADD-PATH Send/Receive value other than 1–3 means the
/// capability SHOULD be treated as not received) and RFC 9234 §4.1 (a role value outside 0–4 is
/// not a known role) both land in `.unknown`; the session sees `.unknown(code: 9, …)` and may
/// refuse it with Role Mismatch.
import NetCore

extension Capability {
    /// Decodes one capability from its code and value. Never fails: see the file comment.
    public static func decode(code: UInt8, value: ArraySlice<UInt8>) -> Capability {
        decodeKnown(code: code, value: value) ?? .unknown(code: code, value: Array(value))
    }

    /// Decodes every capability in the value of one Capabilities optional parameter
    /// (RFC 5492 §4). Throws 2/0 when a capability's length runs past the parameter: the
    /// parameter is recognised but malformed (RFC 4271 §6.2: Unspecific).
    public static func decodeList(_ bytes: ArraySlice<UInt8>) throws(WireError) -> [Capability] {
        var r = ByteReader(bytes)
        var out = [Capability]()
        while !r.isAtEnd {
            do throws(ByteReader.Underflow) {
                let code = try r.readUInt8()
                let length = try r.readUInt8()
                out.append(decode(code: code, value: try r.readSlice(Int(length))))
            } catch {
                throw WireError(NotificationMessage(OpenMessageErrorSubcode.unspecific),
                                "OPEN: capability at byte \(r.position) runs past its optional parameter "
                                    + "(needs \(error.needed), \(error.available) left)")
            }
        }
        return out
    }

    /// The capability value (without code and length). Lists are cut to the whole entries that
    /// fit the 255-octet capability length (RFC 5492 §4), so the result never exceeds 255 bytes.
    public var encodedValue: [UInt8] {
        var w = ByteWriter(capacity: 16)
        switch self {
        case .multiprotocol(let f):
            w.write(f.afi.rawValue); w.write(UInt8(0)); w.write(f.safi.rawValue)
        case .routeRefresh, .extendedMessage, .enhancedRouteRefresh:
            break
        case .extendedNextHop(let entries):
            for e in entries.prefix(255 / 6) {
                w.write(e.family.afi.rawValue); w.write(UInt16(e.family.safi.rawValue)); w.write(e.nextHopAFI.rawValue)
            }
        case .role(let role):
            w.write(role.rawValue)
        case .gracefulRestart(let gr):
            var word = gr.restartTime & 0x0FFF
            if gr.restarting { word |= 0x8000 }
            if gr.notification { word |= 0x4000 }
            w.write(word)
            for f in gr.families.prefix((255 - 2) / 4) {
                w.write(f.family.afi.rawValue); w.write(f.family.safi.rawValue)
                w.write(UInt8(f.forwardingStatePreserved ? 0x80 : 0))
            }
        case .fourOctetAS(let asn):
            w.write(asn.rawValue)
        case .addPath(let families):
            for f in families.prefix(255 / 4) {
                w.write(f.family.afi.rawValue); w.write(f.family.safi.rawValue); w.write(f.mode.rawValue)
            }
        case .longLivedGracefulRestart(let llgr):
            for f in llgr.families.prefix(255 / 7) {
                w.write(f.family.afi.rawValue); w.write(f.family.safi.rawValue)
                w.write(UInt8(f.forwardingStatePreserved ? 0x80 : 0))
                w.write(UInt8(truncatingIfNeeded: f.staleTime >> 16)); w.write(UInt16(truncatingIfNeeded: f.staleTime))
            }
        case .fqdn(let hostname, let domain):
            // Hostname first; the domain gets what is left of the 255 octets.
            let host = Capability.utf8Prefix(hostname, max: 253)
            let dom = Capability.utf8Prefix(domain, max: 253 - host.count)
            w.write(UInt8(host.count)); w.write(contentsOf: host)
            w.write(UInt8(dom.count)); w.write(contentsOf: dom)
        case .unknown(_, let value):
            w.write(contentsOf: value.prefix(255))
        }
        return w.bytes
    }

    /// Writes code, length and value (RFC 5492 §4).
    public func encode(into w: inout ByteWriter) {
        let value = encodedValue
        w.write(code)
        w.write(UInt8(value.count))
        w.write(contentsOf: value)
    }

    /// Code, length and value as bytes.
    public func encode() -> [UInt8] {
        var w = ByteWriter(capacity: 8)
        encode(into: &w)
        return w.bytes
    }

    // MARK: - Decoding the known codes

    private static func decodeKnown(code: UInt8, value v: ArraySlice<UInt8>) -> Capability? {
        var r = ByteReader(v)
        switch code {
        case 1:  // RFC 4760 §8: AFI, reserved (ignored on receipt), SAFI.
            guard v.count == 4, let afi = try? r.readUInt16(), (try? r.readUInt8()) != nil,
                  let safi = try? r.readUInt8() else { return nil }
            return .multiprotocol(AddressFamily(afi: AFI(rawValue: afi), safi: SAFI(rawValue: safi)))
        case 2: return v.isEmpty ? .routeRefresh : nil  // RFC 2918 §2
        case 6: return v.isEmpty ? .extendedMessage : nil  // RFC 8654 §3
        case 70: return v.isEmpty ? .enhancedRouteRefresh : nil  // RFC 7313 §4
        case 5: return decodeExtendedNextHop(&r)
        case 9:  // RFC 9234 §4.1: one octet.
            guard v.count == 1, let role = BGPRole(rawValue: v[v.startIndex]) else { return nil }
            return .role(role)
        case 64: return decodeGracefulRestart(&r)
        case 65:  // RFC 6793 §3: four octets.
            guard v.count == 4, let asn = try? r.readUInt32() else { return nil }
            return .fourOctetAS(ASN(asn))
        case 69: return decodeAddPath(&r)
        case 71: return decodeLongLivedGracefulRestart(&r)
        case 73: return decodeFQDN(&r)
        default: return nil
        }
    }

    /// RFC 8950 §3: entries of NLRI AFI (2), NLRI SAFI (2), Nexthop AFI (2).
    private static func decodeExtendedNextHop(_ r: inout ByteReader) -> Capability? {
        guard r.remaining % 6 == 0 else { return nil }
        var entries = [ExtendedNextHopEntry]()
        while !r.isAtEnd {
            guard let afi = try? r.readUInt16(), let safi = try? r.readUInt16(), safi <= 0xFF,
                  let nh = try? r.readUInt16() else { return nil }
            entries.append(ExtendedNextHopEntry(family: AddressFamily(afi: AFI(rawValue: afi), safi: SAFI(rawValue: UInt8(safi))),
                                                nextHopAFI: AFI(rawValue: nh)))
        }
        return .extendedNextHop(entries)
    }

    /// RFC 4724 §3: flags (4 bits) and restart time (12 bits), then AFI, SAFI, flags per family.
    /// RFC 8538 §2 gives the N bit. Reserved bits are ignored on receipt.
    private static func decodeGracefulRestart(_ r: inout ByteReader) -> Capability? {
        guard r.remaining >= 2, (r.remaining - 2) % 4 == 0, let word = try? r.readUInt16() else { return nil }
        var families = [GracefulRestart.Family]()
        while !r.isAtEnd {
            guard let afi = try? r.readUInt16(), let safi = try? r.readUInt8(), let flags = try? r.readUInt8() else { return nil }
            families.append(GracefulRestart.Family(family: AddressFamily(afi: AFI(rawValue: afi), safi: SAFI(rawValue: safi)),
                                                   forwardingStatePreserved: flags & 0x80 != 0))
        }
        return .gracefulRestart(GracefulRestart(restarting: word & 0x8000 != 0, notification: word & 0x4000 != 0,
                                                restartTime: word & 0x0FFF, families: families))
    }

    /// RFC 7911 §4: AFI (2), SAFI (1), Send/Receive (1) with value 1, 2 or 3.
    private static func decodeAddPath(_ r: inout ByteReader) -> Capability? {
        guard r.remaining % 4 == 0 else { return nil }
        var families = [AddPathFamily]()
        while !r.isAtEnd {
            guard let afi = try? r.readUInt16(), let safi = try? r.readUInt8(), let mode = try? r.readUInt8(),
                  (1...3).contains(mode) else { return nil }
            families.append(AddPathFamily(family: AddressFamily(afi: AFI(rawValue: afi), safi: SAFI(rawValue: safi)),
                                          mode: AddPathMode(rawValue: mode)))
        }
        return .addPath(families)
    }

    /// RFC 9494 §3: AFI (2), SAFI (1), flags (1), long-lived stale time (3) per family.
    private static func decodeLongLivedGracefulRestart(_ r: inout ByteReader) -> Capability? {
        guard r.remaining % 7 == 0 else { return nil }
        var families = [LongLivedGracefulRestart.Family]()
        while !r.isAtEnd {
            guard let afi = try? r.readUInt16(), let safi = try? r.readUInt8(), let flags = try? r.readUInt8(),
                  let hi = try? r.readUInt8(), let lo = try? r.readUInt16() else { return nil }
            families.append(LongLivedGracefulRestart.Family(
                family: AddressFamily(afi: AFI(rawValue: afi), safi: SAFI(rawValue: safi)),
                forwardingStatePreserved: flags & 0x80 != 0, staleTime: UInt32(hi) << 16 | UInt32(lo)))
        }
        return .longLivedGracefulRestart(LongLivedGracefulRestart(families: families))
    }

    /// draft-walton-bgp-hostname-capability §3: hostname length, hostname, domain length, domain,
    /// nothing after; both UTF-8 (anything else is kept as `.unknown` so its bytes survive).
    private static func decodeFQDN(_ r: inout ByteReader) -> Capability? {
        guard let hl = try? r.readUInt8(), let host = try? r.readSlice(Int(hl)),
              let dl = try? r.readUInt8(), let dom = try? r.readSlice(Int(dl)), r.isAtEnd,
              let hostname = utf8String(host), let domain = utf8String(dom) else { return nil }
        return .fqdn(hostname: hostname, domain: domain)
    }

    /// Valid UTF-8 as a String, or nil (no repair: a repaired string would not round-trip).
    static func utf8String(_ bytes: ArraySlice<UInt8>) -> String? {
        let s = String(decoding: bytes, as: UTF8.self)
        return s.utf8.elementsEqual(bytes) ? s : nil
    }

    /// The UTF-8 of `s`, cut to at most `max` bytes at a character boundary.
    static func utf8Prefix(_ s: String, max: Int) -> [UInt8] {
        var bytes = Array(s.utf8)
        guard bytes.count > max else { return bytes }
        var cut = Swift.max(max, 0)
        while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        bytes.removeSubrange(cut...)
        return bytes
    }
}
