/// The speaker's side of the RIB: locally originated prefixes (pod blocks, prefixAdvertisements
/// with RFC 1997 / RFC 8092 communities), Loc-RIB changes out to the kernel writer, and one
/// coalesced pass that lets every established peer pull UPDATEs from its Adj-RIB-Out.
import BGPWire
import CalicoModel
import NetCore
import RIB
import Transport

extension Speaker {
    /// Originates `new` and withdraws what `old` had that `new` has not (unchanged ones are
    /// left alone, so nothing is re-sent for them).
    func originate(_ new: [SpeakerConfiguration.OriginatedPrefix],
                   replacing old: [SpeakerConfiguration.OriginatedPrefix]) {
        let oldByPrefix = Dictionary(old.map { ($0.prefix, $0) }, uniquingKeysWith: { a, _ in a })
        let newByPrefix = Dictionary(new.map { ($0.prefix, $0) }, uniquingKeysWith: { a, _ in a })
        var changed: [IPPrefix] = []
        for prefix in oldByPrefix.keys where newByPrefix[prefix] == nil {
            changed += rib.withdrawOrigin(prefix)
        }
        for (prefix, o) in newByPrefix where oldByPrefix[prefix] != o {
            changed += rib.originate(prefix, attributes: Self.attributes(o))
        }
        routesChanged(changed)
    }

    static func attributes(_ o: SpeakerConfiguration.OriginatedPrefix) -> AttributeSet {
        var standard: [Community] = []
        var large: [LargeCommunity] = []
        for c in o.communities {
            switch c {
            case .standard(let a, let v): standard.append(Community(asn: a, value: v))
            case .large(let g, let l1, let l2): large.append(LargeCommunity(g, l1, l2))
            }
        }
        return .locallyOriginated(communities: standard, largeCommunities: large)
    }

    /// Loc-RIB changes: remembered for `routes()`, handed to the kernel writer, and new
    /// UPDATEs pulled for the peers.
    func routesChanged(_ prefixes: [IPPrefix]) {
        guard !prefixes.isEmpty else { return }
        // Each prefix once, with its current multipath next hops (the RIB resolves them without
        // building `Route`s).
        if let handler = routeChangeHandler {
            handler(rib.locRIBChanges(prefixes).map {
                RouteChange(prefix: $0.prefix, nextHops: $0.nextHops, isLocal: $0.isLocal)
            })
        }
        schedulePump()
    }

    /// One pass over the established peers, after the current work item (coalesced).
    func schedulePump() {
        guard !pumpScheduled else { return }
        pumpScheduled = true
        queue.async { [self] in
            pumpScheduled = false
            for runner in runners.values { runner.pump() }
        }
    }

    /// A connection flushing its NOTIFICATION; shutdown waits for these.
    func track(closing connection: Connection) {
        closingConnections.removeAll { $0.state == .closed }
        closingConnections.append(connection)
    }
}
