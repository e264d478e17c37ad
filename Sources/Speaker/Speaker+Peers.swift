/// How a `PeerSettings` becomes the three configurations beneath the speaker: the FSM's
/// `SessionConfiguration` (RFC 4271 §8.1.1, §10 timers; IPv4 and IPv6 unicast announced,
/// RFC 4760), the RIB's `PeerConfiguration` (next hop self addresses, RFC 4456 client, policy),
/// and the socket's `ConnectionOptions` (TCP MD5 of RFC 2385, GTSM of RFC 5082).
import BGPSession
import NetCore
import RIB
import Transport

extension Speaker {
    func sessionConfiguration(_ p: PeerSettings) -> SessionConfiguration {
        let localAS = p.localAS ?? configuration.localAS
        var c = SessionConfiguration(localAS: localAS, localIdentifier: configuration.routerID, peerAS: p.remoteAS)
        c.capabilities.multiprotocol = [.ipv4Unicast, .ipv6Unicast]
        c.holdTime = p.holdTime ?? configuration.holdTime
        c.keepaliveTime = p.keepaliveTime
        c.connectRetryTime = configuration.connectRetryTime
        c.idleHoldTime = configuration.idleHoldTime
        c.passiveTcpEstablishment = p.passive
        return c
    }

    /// `local` is our address on the session: next hop self for its family (RFC 4271 §5.1.3,
    /// RFC 2545 §3); the configured node addresses serve the other family.
    func ribPeerConfiguration(_ p: PeerSettings, local: IPAddress?) -> PeerConfiguration {
        var v4 = configuration.localIPv4, v6 = configuration.localIPv6
        switch local {
        case .v4(let a)?: v4 = a
        case .v6(let a)?: v6 = a
        case nil: break
        }
        return PeerConfiguration(
            address: p.address, localAS: p.localAS, routeReflectorClient: p.routeReflectorClient,
            localIPv4: v4, localIPv6: v6, nextHopSelf: p.nextHopMode == .self,
            allowedLocalASOccurrences: p.numAllowedLocalAS, maximumPrefixes: p.maxPrefixes,
            importPolicy: PrefixPolicy.importPolicy(p, configuration),
            exportPolicy: PrefixPolicy.exportPolicy(p, configuration))
    }

    func connectionOptions(_ p: PeerSettings) -> ConnectionOptions {
        let hopLimit: HopLimit
        if let hops = p.ttlSecurity {
            hopLimit = .gtsm(hops: hops)
        } else if let ttl = p.multihopTTL {
            hopLimit = .ttl(ttl)
        } else {
            hopLimit = .system
        }
        return ConnectionOptions(sourceAddress: p.sourceAddress, md5Key: Self.md5Key(p), hopLimit: hopLimit,
                                 connectTimeout: configuration.connectTimeout)
    }
}
