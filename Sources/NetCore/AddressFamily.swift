/// Address Family Identifier (IANA "Address Family Numbers"; RFC 4760 §3). Unknown values are kept.
public struct AFI: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let ipv4 = AFI(rawValue: 1)
    public static let ipv6 = AFI(rawValue: 2)
    public var description: String {
        switch rawValue {
        case 1: "ipv4"
        case 2: "ipv6"
        default: "afi\(rawValue)"
        }
    }
    public static func < (l: AFI, r: AFI) -> Bool { l.rawValue < r.rawValue }
}

/// Subsequent Address Family Identifier (RFC 4760 §6). Unknown values are kept.
public struct SAFI: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let unicast = SAFI(rawValue: 1)
    public static let multicast = SAFI(rawValue: 2)
    public static let labeledUnicast = SAFI(rawValue: 4)
    public static let mplsVPN = SAFI(rawValue: 128)
    public var description: String {
        switch rawValue {
        case 1: "unicast"
        case 2: "multicast"
        case 4: "labeled-unicast"
        case 128: "vpn"
        default: "safi\(rawValue)"
        }
    }
    public static func < (l: SAFI, r: SAFI) -> Bool { l.rawValue < r.rawValue }
}

/// An AFI/SAFI pair, the unit in which capabilities, End-of-RIB and ADD-PATH are negotiated.
public struct AddressFamily: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var afi: AFI
    public var safi: SAFI
    public init(afi: AFI, safi: SAFI) { self.afi = afi; self.safi = safi }
    public static let ipv4Unicast = AddressFamily(afi: .ipv4, safi: .unicast)
    public static let ipv6Unicast = AddressFamily(afi: .ipv6, safi: .unicast)
    public var description: String { "\(afi)-\(safi)" }
    public static func < (l: AddressFamily, r: AddressFamily) -> Bool { (l.afi, l.safi) < (r.afi, r.safi) }
}
