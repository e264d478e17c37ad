import NetCore

/// OPEN (RFC 4271 §4.2). `myAS` is the 2-octet field (AS_TRANS when the real AS is larger);
/// the real AS travels in the 4-octet AS capability (RFC 6793 §3). Optional parameters other
/// than capabilities are kept raw so they can be refused with 2/4 by the session.
public struct OpenMessage: Hashable, Sendable {
    public var version: UInt8
    public var myAS: UInt16
    public var holdTime: UInt16
    public var identifier: RouterID
    public var capabilities: [Capability]
    /// Optional parameters of a type other than 2 (Capabilities), as (type, value).
    public var otherParameters: [OptionalParameter]
    /// True when received (or to be sent) with the RFC 9072 extended parameters length.
    public var extendedParameters: Bool

    public init(version: UInt8 = 4, myAS: UInt16, holdTime: UInt16, identifier: RouterID,
                capabilities: [Capability] = [], otherParameters: [OptionalParameter] = [],
                extendedParameters: Bool = false) {
        self.version = version; self.myAS = myAS; self.holdTime = holdTime; self.identifier = identifier
        self.capabilities = capabilities; self.otherParameters = otherParameters
        self.extendedParameters = extendedParameters
    }

    /// The speaker's AS: from capability 65 when present, else the 2-octet field.
    public var asn: ASN {
        for c in capabilities { if case .fourOctetAS(let a) = c { return a } }
        return ASN(UInt32(myAS))
    }
}

public struct OptionalParameter: Hashable, Sendable {
    public var type: UInt8
    public var value: [UInt8]
    public init(type: UInt8, value: [UInt8]) { self.type = type; self.value = value }
}

/// Graceful Restart capability (RFC 4724 §3).
public struct GracefulRestart: Hashable, Sendable {
    public struct Family: Hashable, Sendable {
        public var family: AddressFamily
        public var forwardingStatePreserved: Bool
        public init(family: AddressFamily, forwardingStatePreserved: Bool) {
            self.family = family; self.forwardingStatePreserved = forwardingStatePreserved
        }
    }
    /// Restart State (R) bit.
    public var restarting: Bool
    /// Graceful Notification (N) bit (RFC 8538).
    public var notification: Bool
    /// 12-bit restart time in seconds.
    public var restartTime: UInt16
    public var families: [Family]
    public init(restarting: Bool = false, notification: Bool = false, restartTime: UInt16, families: [Family] = []) {
        self.restarting = restarting; self.notification = notification
        self.restartTime = restartTime; self.families = families
    }
}

/// Long-Lived Graceful Restart capability (RFC 9494 §3).
public struct LongLivedGracefulRestart: Hashable, Sendable {
    public struct Family: Hashable, Sendable {
        public var family: AddressFamily
        public var forwardingStatePreserved: Bool
        /// 24-bit long-lived stale time in seconds.
        public var staleTime: UInt32
        public init(family: AddressFamily, forwardingStatePreserved: Bool, staleTime: UInt32) {
            self.family = family; self.forwardingStatePreserved = forwardingStatePreserved; self.staleTime = staleTime
        }
    }
    public var families: [Family]
    public init(families: [Family]) { self.families = families }
}

/// ADD-PATH send/receive mode per family (RFC 7911 §4).
public struct AddPathMode: OptionSet, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let receive = AddPathMode(rawValue: 1)
    public static let send = AddPathMode(rawValue: 2)
}

public struct AddPathFamily: Hashable, Sendable {
    public var family: AddressFamily
    public var mode: AddPathMode
    public init(family: AddressFamily, mode: AddPathMode) { self.family = family; self.mode = mode }
}

/// Extended next hop encoding entry (RFC 8950 §3): NLRI family may use next hops of `nextHopAFI`.
public struct ExtendedNextHopEntry: Hashable, Sendable {
    public var family: AddressFamily
    public var nextHopAFI: AFI
    public init(family: AddressFamily, nextHopAFI: AFI) { self.family = family; self.nextHopAFI = nextHopAFI }
}

/// BGP Role (RFC 9234 §4.1).
public enum BGPRole: UInt8, Hashable, Sendable {
    case provider = 0, routeServer = 1, routeServerClient = 2, customer = 3, peer = 4
}

/// A capability (RFC 5492) as advertised in OPEN.
public enum Capability: Hashable, Sendable {
    /// 1: Multiprotocol Extensions (RFC 4760 §8).
    case multiprotocol(AddressFamily)
    /// 2: Route Refresh (RFC 2918).
    case routeRefresh
    /// 5: Extended Next Hop Encoding (RFC 8950).
    case extendedNextHop([ExtendedNextHopEntry])
    /// 6: Extended Message (RFC 8654).
    case extendedMessage
    /// 9: BGP Role (RFC 9234).
    case role(BGPRole)
    /// 64: Graceful Restart (RFC 4724).
    case gracefulRestart(GracefulRestart)
    /// 65: 4-octet AS number (RFC 6793).
    case fourOctetAS(ASN)
    /// 69: ADD-PATH (RFC 7911).
    case addPath([AddPathFamily])
    /// 70: Enhanced Route Refresh (RFC 7313).
    case enhancedRouteRefresh
    /// 71: Long-Lived Graceful Restart (RFC 9494).
    case longLivedGracefulRestart(LongLivedGracefulRestart)
    /// 73: FQDN (draft-walton-bgp-hostname-capability).
    case fqdn(hostname: String, domain: String)
    /// Anything else (including malformed known codes received), kept byte for byte.
    case unknown(code: UInt8, value: [UInt8])

    public var code: UInt8 {
        switch self {
        case .multiprotocol: 1
        case .routeRefresh: 2
        case .extendedNextHop: 5
        case .extendedMessage: 6
        case .role: 9
        case .gracefulRestart: 64
        case .fourOctetAS: 65
        case .addPath: 69
        case .enhancedRouteRefresh: 70
        case .longLivedGracefulRestart: 71
        case .fqdn: 73
        case .unknown(let code, _): code
        }
    }
}
