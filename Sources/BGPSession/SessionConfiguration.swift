/// One peer's session settings, including the optional session attributes of RFC 4271 §8.1.1.
import BGPWire
import NetCore

/// Everything the FSM needs to know about the peer and about us. Durations are base values;
/// the FSM applies the §10 jitter where the RFC asks for it.
public struct SessionConfiguration: Hashable, Sendable {
    public var localAS: ASN
    public var localIdentifier: RouterID
    /// The AS the peer must announce (RFC 4271 §6.2, 2/2 otherwise).
    public var peerAS: ASN
    /// Capabilities we announce in our OPEN.
    public var capabilities: CapabilitySet
    /// Capabilities the peer must announce (2/7 otherwise).
    public var requiredCapabilities: [RequiredCapability] = []
    /// RFC 9234 §4.2 strict mode: refuse a peer that sends no BGP Role (2/11).
    public var strictRole = false

    /// Our Hold Time in seconds (RFC 4271 §10 suggests 90); 0 asks for no keepalives at all.
    public var holdTime: UInt16 = 90
    /// A keepalive interval in seconds, used when smaller than a third of the negotiated hold time.
    public var keepaliveTime: UInt16?
    /// Smallest non-zero peer Hold Time accepted; 1 and 2 are always refused (RFC 4271 §4.2).
    public var minimumHoldTime: UInt16 = 3
    /// ConnectRetryTime (RFC 4271 §10 suggests 120 seconds).
    public var connectRetryTime: Duration = .seconds(120)
    /// The "large value" the HoldTimer gets in OpenSent (RFC 4271 §8: 4 minutes suggested).
    public var largeHoldTime: Duration = .seconds(240)

    // Optional session attributes, RFC 4271 §8.1.1.
    /// When set, the FSM restarts itself IdleHoldTime after an error took it to Idle.
    public var allowAutomaticStart = true
    /// When unset, AutomaticStop (Event 8) is ignored.
    public var allowAutomaticStop = true
    /// Wait for the peer to connect instead of connecting (every start becomes passive).
    public var passiveTcpEstablishment = false
    /// Double IdleHoldTime on each flap (up to `maximumIdleHoldTime`).
    public var dampPeerOscillations = false
    /// IdleHoldTime: the delay before an automatic restart.
    public var idleHoldTime: Duration = .seconds(5)
    public var maximumIdleHoldTime: Duration = .seconds(300)
    /// How long the session must stay Established before IdleHoldTime returns to its initial value.
    public var idleHoldResetTime: Duration = .seconds(300)
    /// DelayOpen: wait DelayOpenTime after the TCP connection for the peer's OPEN before sending ours.
    public var delayOpen = false
    public var delayOpenTime: Duration = .seconds(5)
    /// Send a NOTIFICATION for header or OPEN errors even before we sent our OPEN.
    public var sendNotificationWithoutOpen = false
    /// Resolve a collision with an Established connection instead of always closing the newcomer.
    public var collisionDetectEstablishedState = false

    public init(localAS: ASN, localIdentifier: RouterID, peerAS: ASN, capabilities: CapabilitySet? = nil) {
        self.localAS = localAS
        self.localIdentifier = localIdentifier
        self.peerAS = peerAS
        self.capabilities = capabilities ?? SessionConfiguration.defaultCapabilities(localAS: localAS)
    }

    /// IPv4 unicast, route refresh, enhanced route refresh and 4-octet AS.
    public static func defaultCapabilities(localAS: ASN) -> CapabilitySet {
        var set = CapabilitySet()
        set.multiprotocol = [.ipv4Unicast]
        set.routeRefresh = true
        set.enhancedRouteRefresh = true
        set.fourOctetAS = localAS
        return set
    }

    /// True for an internal peer (RFC 4271 §8.2.2: "same as the local Autonomous System number").
    public var isInternal: Bool { peerAS == localAS }

    /// Our OPEN (RFC 4271 §4.2; My AS is AS_TRANS when our AS needs 4 octets, RFC 6793 §3).
    public var openMessage: OpenMessage {
        let myAS = localAS.isTwoOctet ? UInt16(truncatingIfNeeded: localAS.rawValue) : UInt16(ASN.trans.rawValue)
        return OpenMessage(myAS: myAS, holdTime: holdTime, identifier: localIdentifier,
                           capabilities: capabilities.capabilities)
    }
}
