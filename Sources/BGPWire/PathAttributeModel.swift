import NetCore

/// Attribute flag bits (RFC 4271 §4.3).
public struct AttributeFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let optional = AttributeFlags(rawValue: 0x80)
    public static let transitive = AttributeFlags(rawValue: 0x40)
    public static let partial = AttributeFlags(rawValue: 0x20)
    public static let extendedLength = AttributeFlags(rawValue: 0x10)
}

/// Attribute type codes (IANA "BGP Path Attributes").
public struct AttributeCode: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let origin = AttributeCode(rawValue: 1)
    public static let asPath = AttributeCode(rawValue: 2)
    public static let nextHop = AttributeCode(rawValue: 3)
    public static let multiExitDisc = AttributeCode(rawValue: 4)
    public static let localPref = AttributeCode(rawValue: 5)
    public static let atomicAggregate = AttributeCode(rawValue: 6)
    public static let aggregator = AttributeCode(rawValue: 7)
    public static let communities = AttributeCode(rawValue: 8)
    public static let originatorID = AttributeCode(rawValue: 9)
    public static let clusterList = AttributeCode(rawValue: 10)
    public static let mpReachNLRI = AttributeCode(rawValue: 14)
    public static let mpUnreachNLRI = AttributeCode(rawValue: 15)
    public static let extendedCommunities = AttributeCode(rawValue: 16)
    public static let as4Path = AttributeCode(rawValue: 17)
    public static let as4Aggregator = AttributeCode(rawValue: 18)
    public static let largeCommunities = AttributeCode(rawValue: 32)
    public static let onlyToCustomer = AttributeCode(rawValue: 35)
    public var description: String { String(rawValue) }
    public static func < (l: AttributeCode, r: AttributeCode) -> Bool { l.rawValue < r.rawValue }
}

/// ORIGIN values (RFC 4271 §5.1.1).
public enum Origin: UInt8, Hashable, Sendable, Comparable {
    case igp = 0, egp = 1, incomplete = 2
    public static func < (l: Origin, r: Origin) -> Bool { l.rawValue < r.rawValue }
}

/// AS_PATH segment types (RFC 4271 §4.3, RFC 5065 §3 for confederations).
public enum ASPathSegmentType: UInt8, Hashable, Sendable {
    case set = 1, sequence = 2, confedSequence = 3, confedSet = 4
}

public struct ASPathSegment: Hashable, Sendable {
    public var type: ASPathSegmentType
    public var asns: [ASN]
    public init(type: ASPathSegmentType, asns: [ASN]) { self.type = type; self.asns = asns }
}

/// AS_PATH or AS4_PATH contents, always held with 4-octet numbers; the wire width is chosen
/// by the encode/decode context.
public struct ASPath: Hashable, Sendable {
    public var segments: [ASPathSegment]
    public init(segments: [ASPathSegment] = []) { self.segments = segments }
    public static let empty = ASPath()
}

/// AGGREGATOR / AS4_AGGREGATOR (RFC 4271 §5.1.7, RFC 6793 §3).
public struct Aggregator: Hashable, Sendable {
    public var asn: ASN
    public var address: IPv4Address
    public init(asn: ASN, address: IPv4Address) { self.asn = asn; self.address = address }
}

/// A standard community (RFC 1997): high 16 bits AS, low 16 bits value.
public struct Community: RawRepresentable, Hashable, Sendable, Comparable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(asn: UInt16, value: UInt16) { rawValue = UInt32(asn) << 16 | UInt32(value) }
    public static let noExport = Community(rawValue: 0xFFFF_FF01)
    public static let noAdvertise = Community(rawValue: 0xFFFF_FF02)
    public static let noExportSubconfed = Community(rawValue: 0xFFFF_FF03)
    public static func < (l: Community, r: Community) -> Bool { l.rawValue < r.rawValue }
}

/// An extended community (RFC 4360), kept as its 8 bytes; accessors decode the common types.
public struct ExtendedCommunity: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public var type: UInt8 { UInt8(truncatingIfNeeded: rawValue >> 56) }
    public var subtype: UInt8 { UInt8(truncatingIfNeeded: rawValue >> 48) }
}

/// A large community (RFC 8092).
public struct LargeCommunity: Hashable, Sendable, Comparable {
    public var globalAdministrator: UInt32
    public var localData1: UInt32
    public var localData2: UInt32
    public init(_ g: UInt32, _ l1: UInt32, _ l2: UInt32) { globalAdministrator = g; localData1 = l1; localData2 = l2 }
    public static func < (l: LargeCommunity, r: LargeCommunity) -> Bool {
        (l.globalAdministrator, l.localData1, l.localData2) < (r.globalAdministrator, r.localData1, r.localData2)
    }
}

/// An attribute this implementation does not interpret, kept byte for byte so it can be
/// passed on (RFC 4271 §5: optional transitive ones with the Partial bit set).
public struct UnknownAttribute: Hashable, Sendable {
    public var flags: AttributeFlags
    public var code: AttributeCode
    public var value: [UInt8]
    public init(flags: AttributeFlags, code: AttributeCode, value: [UInt8]) {
        self.flags = flags; self.code = code; self.value = value
    }
}

/// One path attribute.
public enum PathAttribute: Hashable, Sendable {
    case origin(Origin)
    case asPath(ASPath)
    case nextHop(IPv4Address)
    case multiExitDisc(UInt32)
    case localPref(UInt32)
    case atomicAggregate
    case aggregator(Aggregator)
    case communities([Community])
    case originatorID(RouterID)
    case clusterList([UInt32])
    case mpReachNLRI(MPReachNLRI)
    case mpUnreachNLRI(MPUnreachNLRI)
    case extendedCommunities([ExtendedCommunity])
    case as4Path(ASPath)
    case as4Aggregator(Aggregator)
    case largeCommunities([LargeCommunity])
    /// OTC, Only to Customer (RFC 9234 §5).
    case onlyToCustomer(ASN)
    case unknown(UnknownAttribute)
}
