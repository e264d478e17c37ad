/// Capabilities as one speaker advertised them (RFC 5492), in a form that can be compared.
import BGPWire
import NetCore

/// What one side put in its OPEN: used for what we announce and for what the peer sent.
/// `NegotiatedCapabilities.negotiate(announced:received:)` derives the session's facts from two.
public struct CapabilitySet: Hashable, Sendable {
    /// FQDN capability contents (draft-walton-bgp-hostname-capability).
    public struct FQDN: Hashable, Sendable {
        public var hostname: String
        public var domain: String
        public init(hostname: String, domain: String) { self.hostname = hostname; self.domain = domain }
    }

    /// Families of Multiprotocol capabilities (code 1) as sent; empty when none was sent.
    public var multiprotocol: Set<AddressFamily> = []
    public var routeRefresh = false
    public var extendedNextHop: Set<ExtendedNextHopEntry> = []
    public var extendedMessage = false
    /// BGP Role (RFC 9234); every distinct value received is kept in `roles`.
    public var roles: [BGPRole] = []
    public var gracefulRestart: GracefulRestart?
    /// The AS number carried by the 4-octet AS capability (RFC 6793 §3).
    public var fourOctetAS: ASN?
    public var addPath: [AddressFamily: AddPathMode] = [:]
    public var enhancedRouteRefresh = false
    public var longLivedGracefulRestart: LongLivedGracefulRestart?
    public var fqdn: FQDN?
    /// Capabilities this layer does not interpret, kept in order received.
    public var other: [Capability] = []

    public init() {}

    /// The one role of this side, or nil when none or conflicting ones were sent (RFC 9234 §4.2).
    public var role: BGPRole? {
        get { Set(roles).count == 1 ? roles.first : nil }
        set { roles = newValue.map { [$0] } ?? [] }
    }

    /// Families this side supports: its Multiprotocol capabilities, or IPv4 unicast alone when
    /// it sent none (RFC 4760 §8: such a speaker is taken to support only IPv4 unicast).
    public var supportedFamilies: Set<AddressFamily> {
        multiprotocol.isEmpty ? [.ipv4Unicast] : multiprotocol
    }
}
