/// A 4-octet autonomous system number (RFC 6793). Printed as plain decimal ("asplain").
public struct ASN: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public var rawValue: UInt32
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }
    public init(integerLiteral value: UInt32) { rawValue = value }

    /// AS_TRANS, the 2-octet stand-in for a 4-octet AS (RFC 6793 §9).
    public static let trans = ASN(23456)

    /// True when the number fits the 2-octet AS field.
    public var isTwoOctet: Bool { rawValue <= 0xffff }

    /// RFC 6996 / RFC 7300 private or reserved ranges are not enforced here; this is pure identity.
    public var description: String { String(rawValue) }

    public static func < (l: ASN, r: ASN) -> Bool { l.rawValue < r.rawValue }
}

/// A BGP Identifier (RFC 4271 §4.2; RFC 6286 allows any non-zero 32-bit value), printed dotted.
public struct RouterID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ address: IPv4Address) { rawValue = address.rawValue }
    public var address: IPv4Address { IPv4Address(rawValue: rawValue) }
    public var description: String { address.description }
    public static func < (l: RouterID, r: RouterID) -> Bool { l.rawValue < r.rawValue }
}
