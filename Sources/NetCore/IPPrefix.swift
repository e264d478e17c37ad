/// An IPv4 prefix. Host bits beyond `length` are always zero (masked on creation), so two
/// prefixes covering the same addresses compare equal.
public struct IPv4Prefix: Hashable, Sendable, Comparable, CustomStringConvertible {
    public private(set) var address: IPv4Address
    public private(set) var length: UInt8

    /// nil when `length > 32`.
    public init?(address: IPv4Address, length: UInt8) {
        guard length <= 32 else { return nil }
        self.address = IPv4Address(rawValue: address.rawValue & IPv4Prefix.mask(length))
        self.length = length
    }

    public static func mask(_ length: UInt8) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - min(length, 32))
    }

    /// `a.b.c.d/len`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = IPv4Address(parts[0]), let l = UInt8(parts[1]) else { return nil }
        self.init(address: a, length: l)
    }

    public func contains(_ a: IPv4Address) -> Bool {
        a.rawValue & IPv4Prefix.mask(length) == address.rawValue
    }

    public func contains(_ p: IPv4Prefix) -> Bool { p.length >= length && contains(p.address) }

    public var description: String { "\(address)/\(length)" }

    public static func < (l: IPv4Prefix, r: IPv4Prefix) -> Bool { (l.address, l.length) < (r.address, r.length) }
}

/// An IPv6 prefix, host bits masked to zero.
public struct IPv6Prefix: Hashable, Sendable, Comparable, CustomStringConvertible {
    public private(set) var address: IPv6Address
    public private(set) var length: UInt8

    public init?(address: IPv6Address, length: UInt8) {
        guard length <= 128 else { return nil }
        let (mh, ml) = IPv6Prefix.mask(length)
        self.address = IPv6Address(high: address.high & mh, low: address.low & ml)
        self.length = length
    }

    public static func mask(_ length: UInt8) -> (UInt64, UInt64) {
        let l = Int(min(length, 128))
        let mh: UInt64 = l == 0 ? 0 : (l >= 64 ? .max : .max << UInt64(64 - l))
        let ml: UInt64 = l <= 64 ? 0 : (l == 128 ? .max : .max << UInt64(128 - l))
        return (mh, ml)
    }

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = IPv6Address(parts[0]), let l = UInt8(parts[1]) else { return nil }
        self.init(address: a, length: l)
    }

    public func contains(_ a: IPv6Address) -> Bool {
        let (mh, ml) = IPv6Prefix.mask(length)
        return a.high & mh == address.high && a.low & ml == address.low
    }

    public func contains(_ p: IPv6Prefix) -> Bool { p.length >= length && contains(p.address) }

    public var description: String { "\(address)/\(length)" }

    public static func < (l: IPv6Prefix, r: IPv6Prefix) -> Bool { (l.address, l.length) < (r.address, r.length) }
}

/// A prefix of either family.
public enum IPPrefix: Hashable, Sendable, Comparable, CustomStringConvertible {
    case v4(IPv4Prefix)
    case v6(IPv6Prefix)

    public init?(_ text: some StringProtocol) {
        if let p = IPv4Prefix(text) { self = .v4(p) } else if let p = IPv6Prefix(text) { self = .v6(p) } else { return nil }
    }

    public var length: UInt8 {
        switch self {
        case .v4(let p): p.length
        case .v6(let p): p.length
        }
    }

    public var afi: AFI {
        switch self {
        case .v4: .ipv4
        case .v6: .ipv6
        }
    }

    public var description: String {
        switch self {
        case .v4(let p): p.description
        case .v6(let p): p.description
        }
    }

    public static func < (lhs: IPPrefix, rhs: IPPrefix) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): a < b
        case (.v6(let a), .v6(let b)): a < b
        case (.v4, .v6): true
        case (.v6, .v4): false
        }
    }
}
