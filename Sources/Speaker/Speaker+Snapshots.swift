/// Snapshots for the control socket (`swiftletctl status / peers / routes`), taken on the
/// speaker's queue. Call them from any thread except the speaker's queue (they use
/// `queue.sync`; a precondition traps instead of deadlocking).
import BGPSession
import Dispatch
import BGPWire
import Foundation
import NetCore
import RIB

extension Speaker {
    /// The configuration in effect (the last one given to `init` or `apply`).
    public var currentConfiguration: SpeakerConfiguration {
        dispatchPrecondition(condition: .notOnQueue(queue))
        return queue.sync { configuration }
    }

    public func status() -> SpeakerStatus {
        dispatchPrecondition(condition: .notOnQueue(queue))
        return queue.sync { statusOnQueue() }
    }

    public func peers() -> [PeerStatus] {
        dispatchPrecondition(condition: .notOnQueue(queue))
        return queue.sync { runners.values.sorted { $0.settings.address < $1.settings.address }.map(\.status) }
    }

    /// Every path of `prefix`, or of every prefix in the Loc-RIB when nil; best path first.
    public func routes(prefix: IPPrefix? = nil) -> [RouteStatus] {
        dispatchPrecondition(condition: .notOnQueue(queue))
        return queue.sync {
            let prefixes = prefix.map { [$0] } ?? rib.locRIBPrefixes.sorted()
            return prefixes.flatMap(routeRows)
        }
    }

    private func statusOnQueue() -> SpeakerStatus {
        var byState: [String: Int] = [:]
        for r in runners.values { byState[r.state.rawValue, default: 0] += 1 }
        var refused = 0
        var refusedBy: [String: Int] = [:]
        for l in listeners {
            refused += l.refusals.total
            for (a, n) in l.refusals.byAddress { refusedBy[a.description, default: 0] += n }
        }
        return SpeakerStatus(
            routerID: configuration.routerID.description, localAS: configuration.localAS.rawValue,
            clusterID: configuration.clusterID?.description, listenPort: listenPort,
            listenAddresses: listeners.flatMap(\.localAddresses).map(\.description),
            uptime: startedAt.map { Date().timeIntervalSince($0) } ?? 0, peersByState: byState,
            establishedPeers: byState[SessionFSM.State.established.rawValue] ?? 0, totalPeers: runners.count,
            refusedConnections: refused, refusedByAddress: refusedBy,
            ipv4Prefixes: rib.locRIBCount(.ipv4Unicast), ipv6Prefixes: rib.locRIBCount(.ipv6Unicast),
            lastErrors: lastErrors)
    }

    private func routeRows(_ prefix: IPPrefix) -> [RouteStatus] {
        let best = rib.bestRoute(for: prefix)
        let multipath = rib.multipathRoutes(for: prefix)
        let same = { (a: Route, b: Route) in a.source.peer == b.source.peer && a.pathID == b.pathID }
        let rows = rib.routes(for: prefix).map { route in
            RouteStatus(route, best: best.map { same($0, route) } ?? false,
                        multipath: multipath.contains { same($0, route) }, peerName: peerName(route.source))
        }
        return rows.sorted { $0.best && !$1.best }
    }

    private func peerName(_ source: PathSource) -> String {
        guard let address = source.address else { return "local" }
        return runners[address]?.settings.name ?? address.description
    }
}

extension RouteStatus {
    init(_ route: Route, best: Bool, multipath: Bool, peerName: String) {
        let a = route.attributes
        self.init(
            prefix: route.prefix.description, best: best, multipath: multipath,
            nextHop: a.nextHop?.description, asPath: a.asPath.description,
            origin: a.origin == .igp ? "IGP" : a.origin == .egp ? "EGP" : "incomplete",
            localPref: a.localPref, med: a.med,
            communities: a.communities.map { "\($0.rawValue >> 16):\($0.rawValue & 0xffff)" },
            largeCommunities: a.largeCommunities.map { "\($0.globalAdministrator):\($0.localData1):\($0.localData2)" },
            originatorID: a.originatorID?.description,
            clusterList: a.clusterList.map { IPv4Address(rawValue: $0).description },
            fromPeer: route.source.address?.description ?? "local", fromPeerName: peerName)
    }
}
