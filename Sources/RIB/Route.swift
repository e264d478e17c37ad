/// A route as the RIB shows it to its consumers (the kernel writer, `swiftletctl routes`):
/// the prefix, where the path came from, and its attributes resolved from the intern table.
import BGPWire
import NetCore

/// One path of one prefix.
public struct Route: Sendable {
    public var prefix: IPPrefix
    /// ADD-PATH path identifier it was received with (0 without ADD-PATH).
    public var pathID: UInt32
    public var attributes: AttributeSet
    public var source: PathSource

    public init(prefix: IPPrefix, pathID: UInt32, attributes: AttributeSet, source: PathSource) {
        self.prefix = prefix; self.pathID = pathID; self.attributes = attributes; self.source = source
    }

    /// The next hop the kernel routes to (nil for a locally originated route).
    public var nextHop: IPAddress? { attributes.nextHop }
}

/// RFC 4486 §4: the peer sent more prefixes of `family` than its limit.
public struct MaximumPrefixesExceeded: Hashable, Sendable {
    public var family: AddressFamily
    public var limit: Int
    public var count: Int

    public init(family: AddressFamily, limit: Int, count: Int) {
        self.family = family; self.limit = limit; self.count = count
    }

    /// Cease 6/1 with AFI (2), SAFI (1) and the upper bound (4) as data (RFC 4486 §4).
    public var notification: NotificationMessage {
        let bound = UInt32(clamping: limit)
        let data: [UInt8] = [
            UInt8(truncatingIfNeeded: family.afi.rawValue >> 8), UInt8(truncatingIfNeeded: family.afi.rawValue),
            family.safi.rawValue,
            UInt8(truncatingIfNeeded: bound >> 24), UInt8(truncatingIfNeeded: bound >> 16),
            UInt8(truncatingIfNeeded: bound >> 8), UInt8(truncatingIfNeeded: bound),
        ]
        return NotificationMessage(CeaseSubcode.maximumNumberOfPrefixesReached, data: data)
    }
}

/// What applying one UPDATE did.
public struct UpdateOutcome: Sendable {
    /// Prefixes whose best path or multipath set changed (the kernel writer's delta). A prefix
    /// may appear twice when one UPDATE changed it twice; read its current state.
    public var changed: [IPPrefix] = []
    /// The UPDATE was an End-of-RIB marker for this family (RFC 4724 §2).
    public var endOfRIB: AddressFamily?
    /// RFC 7606 §2: its NLRI were treated as withdrawn.
    public var treatedAsWithdraw = false
    /// Prefixes not accepted, by reason.
    public var rejected: [ImportRejection: Int] = [:]
    /// Set when the peer is over its maximum-prefix limit: send `notification` and stop it.
    public var maximumPrefixesExceeded: MaximumPrefixesExceeded?

    public init() {}
}
