/// AS_PATH text as bgpdump prints it (RFC 4271 §4.3 segments; RFC 5065 confederation segments):
/// AS_SEQUENCE as space-separated numbers, AS_SET as `{a,b}`, AS_CONFED_SEQUENCE as `(a b)`,
/// AS_CONFED_SET as `[a,b]`; a malformed path prints as `! Error !`; text is cut with `...`
/// near 8000 characters. Also the AS_PATH/AS4_PATH merge of RFC 6793 §4.2.3 as bgpdump does it.
struct ASPathText {
    /// The printed path.
    var text: [UInt8]
    /// Path length for the merge: a sequence counts each AS, a set counts one (RFC 4271 §9.1.2.2).
    var count: Int

    static let errorText: [UInt8] = Array("! Error !".utf8)
    private static let maxLength = 8000

    /// Renders the segments in `bytes[range]`, whose AS numbers are `asnLength` (2 or 4) octets.
    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, asnLength: Int) {
        var out = [UInt8]()
        out.reserveCapacity(range.count * 3)
        var count = 0
        var space = false
        var previousType: UInt8 = 2
        var lastType: UInt8? = nil
        var p = range.lowerBound
        let end = range.upperBound
        while p < end {
            let type = bytes[p]
            let length = p + 1 < end ? Int(bytes[p + 1]) : 0
            guard (1...4).contains(type), p + 2 + length * asnLength <= end else {
                self.text = ASPathText.errorText
                self.count = 0
                return
            }
            if previousType != 2 { out.append(ASPathText.delimiter(previousType, start: false)) }
            if space { out.append(32) }
            if type != 2 { out.append(ASPathText.delimiter(type, start: true)) }
            space = false
            count += (type == 2 || type == 3) ? length : 1
            let isSet = type == 1 || type == 4
            var q = p + 2
            for _ in 0..<length {
                if space { out.append(isSet ? 44 : 32) } else { space = true }
                let asn: UInt32
                if asnLength == 2 {
                    asn = UInt32(bytes[q]) << 8 | UInt32(bytes[q + 1])
                } else {
                    asn = UInt32(bytes[q]) << 24 | UInt32(bytes[q + 1]) << 16 | UInt32(bytes[q + 2]) << 8 | UInt32(bytes[q + 3])
                }
                q += asnLength
                out.appendDecimal(asn)
                if out.count > ASPathText.maxLength - 100 {
                    out.appendASCII("...")
                    self.text = out
                    self.count = count
                    return
                }
            }
            previousType = type
            lastType = type
            p += 2 + length * asnLength
        }
        if let t = lastType, t != 2 { out.append(ASPathText.delimiter(t, start: false)) }
        self.text = out
        self.count = count
    }

    private static func delimiter(_ type: UInt8, start: Bool) -> UInt8 {
        switch type {
        case 1: start ? UInt8(ascii: "{") : UInt8(ascii: "}")
        case 3: start ? UInt8(ascii: "(") : UInt8(ascii: ")")
        case 4: start ? UInt8(ascii: "[") : UInt8(ascii: "]")
        default: 32
        }
    }

    /// The merged path of RFC 6793 §4.2.3 in bgpdump's reading: take leading AS numbers from the
    /// 2-octet AS_PATH until the merged path is as long as AS_PATH minus AS4_PATH, then append
    /// AS4_PATH. bgpdump takes them from the first AS_PATH segment only (repeating it if it is
    /// shorter than needed); that is reproduced so the output matches.
    static func merged(asPath: UnsafeBufferPointer<UInt8>, _ pathRange: Range<Int>, pathCount: Int,
                       as4Path as4Range: Range<Int>, as4Count: Int) -> ASPathText {
        let target = pathCount - as4Count
        var merged = [UInt8]()
        var mergedCount = 0
        let p = pathRange.lowerBound
        if target > 0, pathRange.count >= 2 {
            let type = asPath[p]
            let length = Int(asPath[p + 1])
            let isSet = type == 1 || type == 4
            while mergedCount < target {
                if !isSet, length == 0 { break }  // bgpdump would loop forever here
                let segmentStart = merged.count
                merged.append(type)
                merged.append(UInt8(length))
                for k in 0..<length {
                    let i = p + 2 + 2 * k
                    let hi = i < pathRange.upperBound ? asPath[i] : 0
                    let lo = i + 1 < pathRange.upperBound ? asPath[i + 1] : 0
                    merged.append(contentsOf: [0, 0, hi, lo])
                }
                if isSet {
                    mergedCount += 1
                } else {
                    mergedCount += length
                    if mergedCount > target {
                        let excess = mergedCount - target
                        merged[segmentStart + 1] = UInt8(length - excess)
                        merged.removeLast(excess * 4)
                    }
                }
            }
        }
        merged.append(contentsOf: asPath[as4Range])
        return merged.withUnsafeBufferPointer { ASPathText($0, 0..<$0.count, asnLength: 4) }
    }
}
