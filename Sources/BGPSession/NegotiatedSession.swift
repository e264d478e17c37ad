/// The parameters a session runs with once both OPENs are in (RFC 4271 §4.2, §8.2.2).
import BGPWire
import NetCore

/// Everything decided by the OPEN exchange; handed to the speaker in `.sessionEstablished`.
public struct NegotiatedSession: Hashable, Sendable {
    /// The peer's OPEN as received.
    public var peerOpen: OpenMessage
    /// The peer's AS (from the 4-octet AS capability when present, RFC 6793 §4.1).
    public var peerAS: ASN
    public var peerIdentifier: RouterID
    /// RFC 4271 §8.2.2: internal when the peer's AS is ours.
    public var isInternal: Bool
    public var timers: HoldTimeNegotiation
    public var announced: CapabilitySet
    public var received: CapabilitySet
    public var capabilities: NegotiatedCapabilities

    public init(peerOpen: OpenMessage, configuration: SessionConfiguration) {
        self.peerOpen = peerOpen
        received = CapabilitySet(peerOpen.capabilities)
        announced = configuration.capabilities
        peerAS = peerOpen.asn
        peerIdentifier = peerOpen.identifier
        isInternal = peerAS == configuration.localAS
        timers = .negotiate(local: configuration.holdTime, remote: peerOpen.holdTime,
                            configuredKeepalive: configuration.keepaliveTime)
        capabilities = .negotiate(announced: announced, received: received)
    }

    /// How to decode this peer's messages.
    /// `externalPeer` is set for eBGP so the RFC 7606 §7.5/§7.9/§7.10 discards apply.
    public var decodeContext: DecodeContext {
        var context = capabilities.decodeContext
        context.externalPeer = !isInternal
        return context
    }
    /// How to encode messages for this peer.
    public var encodeContext: EncodeContext {
        var context = capabilities.encodeContext
        context.externalPeer = !isInternal
        return context
    }
}
