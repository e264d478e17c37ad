/// A path as the decision process sees it: the Loc-RIB reference (peer, path ID, attribute
/// handle), the attributes themselves, and the facts about where it came from that RFC 4271
/// §9.1.2.2 compares (external or internal, router ID, peer address).
import BGPWire
import NetCore

/// A reference to one path in some Adj-RIB-In: 12 bytes, what the Loc-RIB stores.
public struct PathReference: Hashable, Sendable {
    public var peer: PeerID
    /// ADD-PATH path identifier (RFC 7911), 0 without ADD-PATH.
    public var pathID: UInt32
    public var attributes: AttributeHandle
    public init(peer: PeerID, pathID: UInt32, attributes: AttributeHandle) {
        self.peer = peer; self.pathID = pathID; self.attributes = attributes
    }
}

/// Where a path came from.
public struct PathSource: Hashable, Sendable {
    public var peer: PeerID
    /// Learned over eBGP (RFC 4271 §9.1.2.2 d).
    public var isExternal: Bool
    /// The peer's BGP Identifier (ours for locally originated routes).
    public var routerID: RouterID
    /// The peer's address; nil for locally originated routes.
    public var address: IPAddress?
    /// The peer is a route-reflector client (RFC 4456 §2).
    public var isReflectorClient: Bool

    public init(peer: PeerID, isExternal: Bool, routerID: RouterID, address: IPAddress?,
                isReflectorClient: Bool = false) {
        self.peer = peer; self.isExternal = isExternal; self.routerID = routerID
        self.address = address; self.isReflectorClient = isReflectorClient
    }

    /// Locally originated.
    public var isLocal: Bool { peer == .local }
}

/// One candidate of the decision process.
public struct DecisionPath: Sendable {
    public var reference: PathReference
    public var attributes: AttributeSet
    public var source: PathSource

    public init(reference: PathReference, attributes: AttributeSet, source: PathSource) {
        self.reference = reference; self.attributes = attributes; self.source = source
    }

    /// LOCAL_PREF as compared (§9.1.1): import sets it on every learned route; 100 if absent.
    var localPreference: UInt32 { attributes.localPref ?? 100 }

    /// §9.1.2.2 c: the neighbouring AS is the first AS of AS_PATH; nil (our own AS) for a path
    /// with no AS_SEQUENCE in front, as internal and locally originated routes have.
    var neighborAS: ASN? { attributes.asPath.firstASN }

    /// §9.1.2.2 c: a missing MED counts as 0 (the lowest, most preferred).
    var multiExitDisc: UInt32 { attributes.med ?? 0 }

    /// RFC 4456 §9: ORIGINATOR_ID stands in for the router ID when present.
    var effectiveRouterID: RouterID { attributes.originatorID ?? source.routerID }
}
