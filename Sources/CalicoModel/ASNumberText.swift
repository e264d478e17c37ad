/// Calico's AS number text forms: plain ("64512") and asdot ("1.10" = 1·65536 + 10, RFC 5396).

import NetCore

public enum ASNumberText {
    /// Parses asplain or asdot; nil when malformed or out of the 32-bit range.
    public static func parse(_ text: String) -> ASN? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        switch parts.count {
        case 1:
            return UInt32(parts[0]).map { ASN($0) }
        case 2:
            guard let high = UInt16(parts[0]), let low = UInt16(parts[1]) else { return nil }
            return ASN(UInt32(high) << 16 | UInt32(low))
        default:
            return nil
        }
    }
}
