/// `PeerRunner`'s row in `swiftletctl peers`: state and since (RFC 4271 §8.2.2), counts from
/// the RIB, the last error, and the negotiated hold time and capabilities.
import BGPSession
import Foundation
import NetCore
import RIB

extension PeerRunner {
    var status: PeerStatus {
        let rib = speaker.rib
        let families: [AddressFamily] = [.ipv4Unicast, .ipv6Unicast]
        return PeerStatus(
            name: settings.name, address: settings.address.description, port: settings.port, kind: settings.kind,
            remoteAS: settings.remoteAS.rawValue, localAS: (settings.localAS ?? speaker.configuration.localAS).rawValue,
            passive: settings.passive, state: state.rawValue, since: stateSince,
            secondsInState: Date().timeIntervalSince(stateSince),
            peerRouterID: negotiated?.peerIdentifier.description,
            prefixesReceived: prefixesReceived,
            prefixesAccepted: families.reduce(0) { $0 + rib.acceptedPathCount(from: ribPeer, family: $1) },
            prefixesAdvertised: families.reduce(0) { $0 + rib.advertisedCount(to: ribPeer, family: $1) },
            lastError: lastError,
            negotiatedHoldTime: negotiated?.timers.holdTime, negotiatedKeepaliveTime: negotiated?.timers.keepaliveTime,
            capabilities: negotiated.map(Self.capabilityNames) ?? [],
            connectionID: state == .established ? primary.connection?.id : nil,
            establishedCount: establishedCount,
            endOfRIBReceived: state == .established ? endOfRIBReceived.sorted().map(Self.familyName) : [])
    }

    /// `ipv4-unicast`, as in the capability names.
    static func familyName(_ f: AddressFamily) -> String {
        "\(f.afi == .ipv4 ? "ipv4" : "ipv6")-\(f.safi == .unicast ? "unicast" : "\(f.safi)")"
    }

    static func capabilityNames(_ session: NegotiatedSession) -> [String] {
        let c = session.capabilities
        var names = c.families.sorted().map(familyName)
        if c.fourOctetAS { names.append("4-octet-as") }
        if c.routeRefresh { names.append("route-refresh") }
        if c.enhancedRouteRefresh { names.append("enhanced-route-refresh") }
        if c.extendedMessage { names.append("extended-message") }
        if !c.addPathReceive.isEmpty || !c.addPathSend.isEmpty { names.append("add-path") }
        if c.gracefulRestart != nil { names.append("graceful-restart") }
        return names
    }
}
