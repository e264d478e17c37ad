/// AS_PATH and AS4_PATH values on the wire (RFC 4271 §4.3 path segments, RFC 5065 §3
/// confederation segments, RFC 6793 §3 four-octet numbers), the path length of RFC 4271
/// §9.1.2.2, and the bgpdump-style text form.
import NetCore

extension ASPath {
    /// RFC 4271 §9.1.2.2 (with RFC 5065 §5.3): an AS_SET counts as 1 whatever its size, an
    /// AS_SEQUENCE counts each AS, confederation segments count 0.
    public var length: Int {
        var n = 0
        for s in segments {
            switch s.type {
            case .sequence: n += s.asns.count
            case .set: n += s.asns.isEmpty ? 0 : 1
            case .confedSequence, .confedSet: break
            }
        }
        return n
    }

    /// True when some AS number does not fit two octets (RFC 6793 §4.2.2 then needs AS4_PATH).
    public var hasFourOctetOnlyASN: Bool {
        segments.contains { $0.asns.contains { !$0.isTwoOctet } }
    }

    /// The path without AS_CONFED_SEQUENCE / AS_CONFED_SET segments (RFC 6793 §3: they must not
    /// appear in AS4_PATH).
    public var withoutConfederationSegments: ASPath {
        ASPath(segments: segments.filter { $0.type == .sequence || $0.type == .set })
    }

    /// The first AS of the path (RFC 4271 §9.1.2 "neighbor AS"), nil when the path starts with
    /// a set, a confederation segment, or is empty.
    public var firstASN: ASN? {
        guard let s = segments.first, s.type == .sequence else { return nil }
        return s.asns.first
    }

    /// Decodes an AS_PATH/AS4_PATH value with `width`-octet AS numbers (2 or 4).
    /// RFC 7606 §7.2: malformed when a segment has an unknown type, is empty, runs past the
    /// attribute (overrun), or the attribute ends inside a segment header (underrun).
    static func decode(value: ArraySlice<UInt8>, width: Int) throws(AttributeMalformation) -> ASPath {
        var segments: [ASPathSegment] = []
        var i = value.startIndex
        let end = value.endIndex
        while i < end {
            guard end - i >= 2 else {
                throw .asPath("segment header is cut short (1 byte left, 2 needed)", at: i)
            }
            let rawType = value[i]
            let count = Int(value[i + 1])
            guard let type = ASPathSegmentType(rawValue: rawType) else {
                throw .asPath("segment type \(rawType) is not AS_SET, AS_SEQUENCE, AS_CONFED_SEQUENCE or AS_CONFED_SET", at: i)
            }
            guard count > 0 else {
                throw .asPath("segment has zero length", at: i)
            }
            let need = count * width
            let left = end - i - 2
            guard need <= left else {
                throw .asPath("segment length \(count) runs past the attribute (\(need) bytes needed, \(left) bytes left)", at: i)
            }
            var asns: [ASN] = []
            asns.reserveCapacity(count)  // count ≤ 255 and its bytes were just checked
            var j = i + 2
            if width == 4 {
                for _ in 0..<count {
                    asns.append(ASN(UInt32(value[j]) << 24 | UInt32(value[j + 1]) << 16 | UInt32(value[j + 2]) << 8 | UInt32(value[j + 3])))
                    j += 4
                }
            } else {
                for _ in 0..<count {
                    asns.append(ASN(UInt32(value[j]) << 8 | UInt32(value[j + 1])))
                    j += 2
                }
            }
            segments.append(ASPathSegment(type: type, asns: asns))
            i = j
        }
        return ASPath(segments: segments)
    }

    /// Encoded value length with `width`-octet numbers. Segments over 255 ASNs are split,
    /// empty segments are left out (they would be malformed, RFC 7606 §7.2).
    func encodedLength(width: Int) -> Int {
        var n = 0
        for s in segments where !s.asns.isEmpty {
            n += ((s.asns.count + 254) / 255) * 2 + s.asns.count * width
        }
        return n
    }

    /// Writes the value. With `width == 2`, numbers above 65535 are written as AS_TRANS
    /// (RFC 6793 §4.2.2).
    func write(into w: inout ByteWriter, width: Int) {
        for s in segments where !s.asns.isEmpty {
            var start = 0
            while start < s.asns.count {
                let chunk = min(255, s.asns.count - start)
                w.write(s.type.rawValue)
                w.write(UInt8(chunk))
                for k in start..<(start + chunk) {
                    let a = s.asns[k]
                    if width == 4 {
                        w.write(a.rawValue)
                    } else {
                        w.write(UInt16(truncatingIfNeeded: a.isTwoOctet ? a.rawValue : ASN.trans.rawValue))
                    }
                }
                start += chunk
            }
        }
    }
}

extension ASPath: CustomStringConvertible {
    /// bgpdump's text form: sequence members separated by spaces, `{a,b}` for AS_SET,
    /// `(a b)` for AS_CONFED_SEQUENCE, `[a,b]` for AS_CONFED_SET, segments separated by a space.
    public var description: String {
        var out = ""
        for (n, s) in segments.enumerated() {
            if n > 0 { out += " " }
            let (open, close, sep): (String, String, String) =
                switch s.type {
                case .sequence: ("", "", " ")
                case .set: ("{", "}", ",")
                case .confedSequence: ("(", ")", " ")
                case .confedSet: ("[", "]", ",")
                }
            out += open
            for (k, a) in s.asns.enumerated() {
                if k > 0 { out += sep }
                out += String(a.rawValue)
            }
            out += close
        }
        return out
    }
}
