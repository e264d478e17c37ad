/// Capabilities our configuration insists the peer supports (RFC 5492 §5, subcode 2/7).
import BGPWire
import NetCore

/// A capability without which we refuse the session with 2/7 Unsupported Capability. Only
/// what the configuration demands is checked: a peer simply lacking an optional capability is
/// not an error (RFC 5492 §3).
public enum RequiredCapability: Hashable, Sendable {
    case multiprotocol(AddressFamily)
    case routeRefresh
    case extendedMessage
    case gracefulRestart
    case fourOctetAS
    case addPath(AddressFamily)
    case enhancedRouteRefresh
    case longLivedGracefulRestart

    /// True when the peer's OPEN satisfies this requirement.
    func isMet(by received: CapabilitySet) -> Bool {
        switch self {
        case .multiprotocol(let family): received.supportedFamilies.contains(family)
        case .routeRefresh: received.routeRefresh
        case .extendedMessage: received.extendedMessage
        case .gracefulRestart: received.gracefulRestart != nil
        case .fourOctetAS: received.fourOctetAS != nil
        case .addPath(let family): received.addPath[family].map { !$0.isEmpty } ?? false
        case .enhancedRouteRefresh: received.enhancedRouteRefresh
        case .longLivedGracefulRestart: received.longLivedGracefulRestart != nil
        }
    }

    /// The capability of ours this requirement stands for, as it goes in the 2/7 data field
    /// ("the capability (or capabilities) that causes the speaker to send the message").
    func capability(announced: CapabilitySet, localAS: ASN) -> Capability {
        switch self {
        case .multiprotocol(let family): .multiprotocol(family)
        case .routeRefresh: .routeRefresh
        case .extendedMessage: .extendedMessage
        case .gracefulRestart: .gracefulRestart(announced.gracefulRestart ?? GracefulRestart(restartTime: 0))
        case .fourOctetAS: .fourOctetAS(announced.fourOctetAS ?? localAS)
        case .addPath(let family):
            .addPath([AddPathFamily(family: family, mode: announced.addPath[family] ?? [.receive])])
        case .enhancedRouteRefresh: .enhancedRouteRefresh
        case .longLivedGracefulRestart:
            .longLivedGracefulRestart(announced.longLivedGracefulRestart ?? LongLivedGracefulRestart(families: []))
        }
    }
}
