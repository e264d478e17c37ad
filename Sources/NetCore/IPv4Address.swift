/// An IPv4 address held as a host-order `UInt32` (so comparison is numeric order).
public struct IPv4Address: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        rawValue = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Network-order bytes, as they appear on the wire.
    public var bytes: [UInt8] {
        [UInt8(truncatingIfNeeded: rawValue >> 24), UInt8(truncatingIfNeeded: rawValue >> 16),
         UInt8(truncatingIfNeeded: rawValue >> 8), UInt8(truncatingIfNeeded: rawValue)]
    }

    /// Dotted-quad text; nil unless exactly four decimal octets 0...255.
    public init?(_ text: some StringProtocol) {
        var value: UInt32 = 0
        var octets = 0
        var current: UInt32 = 0
        var digits = 0
        for ch in text.utf8 {
            if ch == UInt8(ascii: ".") {
                guard digits > 0, octets < 3 else { return nil }
                value = value << 8 | current
                octets += 1; current = 0; digits = 0
            } else if ch >= UInt8(ascii: "0"), ch <= UInt8(ascii: "9") {
                guard digits < 3 else { return nil }
                current = current * 10 + UInt32(ch - UInt8(ascii: "0"))
                digits += 1
                guard current <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, octets == 3 else { return nil }
        rawValue = value << 8 | current
    }

    public var description: String {
        "\(rawValue >> 24).\(rawValue >> 16 & 0xff).\(rawValue >> 8 & 0xff).\(rawValue & 0xff)"
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let zero = IPv4Address(rawValue: 0)
}
