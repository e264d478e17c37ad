/// `PeerRunner` and the RIB: session up (RFC 4271 §8.2.2 → Adj-RIB-Out staged, End-of-RIB
/// of RFC 4724 §2), session down (routes flushed), received UPDATEs (RFC 7606 treat-as-withdraw
/// logged with its reasons; unusable next hops logged; RFC 4486 max-prefix stop), route
/// refresh (RFC 2918), and pulling UPDATEs from the Adj-RIB-Out when the socket can take them.
import BGPSession
import BGPWire
import NetCore
import RIB

extension PeerRunner {
    func sessionEstablished(_ session: NegotiatedSession, on s: SessionInstance) {
        guard let connection = s.connection else { return }
        connection.decodeContext = session.decodeContext
        connection.encodeContext = session.encodeContext
        negotiated = session
        establishedCount += 1
        prefixesReceived = 0
        endOfRIBReceived = []
        speaker.rib.reconfigurePeer(ribPeer, speaker.ribPeerConfiguration(settings, local: connection.local?.address))
        let peerSession = PeerSession(
            peerAS: session.peerAS, routerID: session.peerIdentifier, isInternal: session.isInternal,
            families: session.capabilities.families.intersection([.ipv4Unicast, .ipv6Unicast]),
            encodeContext: session.encodeContext, enhancedRouteRefresh: session.capabilities.enhancedRouteRefresh)
        speaker.rib.sessionEstablished(ribPeer, session: peerSession)
        logger.info("session established with AS\(session.peerAS) router ID \(session.peerIdentifier), hold time \(session.timers.holdTime)s, families \(session.capabilities.families.sorted().map(\.description))")
        speaker.schedulePump()
    }

    func sessionDown(_ reason: SessionFSM.DownReason) {
        let text = Self.describe(reason)
        noteError(text)
        logger.notice("session down: \(text)")
        negotiated = nil
        speaker.routesChanged(speaker.rib.sessionDown(ribPeer))
    }

    func noteError(_ text: String) {
        lastError = text
        speaker.recordError("\(settings.address): \(text)")
    }

    static func describe(_ reason: SessionFSM.DownReason) -> String {
        switch reason {
        case .manualStop: "administratively stopped"
        case .automaticStop(let subcode): "stopped: Cease/\(subcode)"
        case .holdTimerExpired: "hold timer expired"
        case .connectionFailed: "connection closed"
        case .connectionCollision: "connection collision resolution"
        case .protocolError(let e): "error sent: \(e.notification): \(e.reason)"
        case .notificationReceived(let n): "NOTIFICATION received: \(n)"
        }
    }

    /// An UPDATE for the Adj-RIB-In (RFC 4271 §9).
    func deliver(_ update: UpdateMessage) {
        if update.treatAsWithdraw {
            let reasons = update.attributeErrors.map(\.reason).joined(separator: "; ")
            logger.warning("UPDATE treated as withdraw (RFC 7606): \(reasons)")
        }
        logUnusableNextHops(update)
        prefixesReceived += update.nlri.count
        if let reach = update.mpReach, case .prefixes(let list) = reach.nlri { prefixesReceived += list.count }
        let outcome = speaker.rib.apply(update, from: ribPeer)
        if let family = outcome.endOfRIB, endOfRIBReceived.insert(family).inserted {
            logger.debug("End-of-RIB received for \(family) (RFC 4724 §2): the peer's initial table is complete")
        }
        for (reason, count) in outcome.rejected {
            logger.debug("\(count) route(s) not accepted: \(reason)")
        }
        speaker.routesChanged(outcome.changed)
        if let exceeded = outcome.maximumPrefixesExceeded {
            speaker.queue.async { [weak self] in self?.stopForMaximumPrefixes(exceeded) }
        }
    }

    /// A next hop the kernel cannot route to (FRR sends 0.0.0.0 for IPv4 over IPv6 sessions
    /// without a route-map): the import policy rejects the routes; say why here.
    private func logUnusableNextHops(_ update: UpdateMessage) {
        if !update.nlri.isEmpty, !PrefixPolicy.isUsableNextHop(update.nextHop.map { .v4($0) }) {
            let hop = update.nextHop.map { "\($0)" } ?? "none"
            logger.warning("rejecting \(update.nlri.count) IPv4 route(s) with unusable NEXT_HOP \(hop)")
        }
        if let reach = update.mpReach, case .prefixes(let list) = reach.nlri, !list.isEmpty,
           !PrefixPolicy.isUsableNextHop(reach.nextHopAddresses?.global) {
            let hop = reach.nextHopAddresses.map { "\($0.global)" } ?? "malformed"
            logger.warning("rejecting \(list.count) \(reach.family) route(s) with unusable next hop \(hop)")
        }
    }

    /// RFC 4486 §4: Cease 6/1 with AFI, SAFI and the limit; the restart comes after IdleHoldTime.
    func stopForMaximumPrefixes(_ exceeded: MaximumPrefixesExceeded) {
        guard primary.fsm.state == .established else { return }
        logger.error("maximum prefixes exceeded: \(exceeded.count) \(exceeded.family) paths, limit \(exceeded.limit)")
        if let connection = primary.connection {
            connection.close(sending: exceeded.notification)
            speaker.track(closing: connection)
            primary.connection = nil
        }
        feed(.automaticStop(.maximumNumberOfPrefixesReached), primary)
        lastError = "maximum prefixes exceeded: \(exceeded.count) \(exceeded.family) paths, limit \(exceeded.limit)"
    }

    func routeRefreshRequested(_ refresh: RouteRefreshMessage) {
        logger.info("route refresh requested for \(refresh.family)")
        speaker.rib.routeRefreshRequested(by: ribPeer, family: refresh.family)
        speaker.schedulePump()
    }

    /// Pulls UPDATEs while the connection has room for a whole message (so `send` never
    /// refuses one); otherwise `.writable` brings us back (the buffer is above its low mark).
    func pump() {
        guard primary.fsm.state == .established, let connection = primary.connection,
              let limit = negotiated?.encodeContext.maxMessageLength else { return }
        while connection.availableBytes >= limit, speaker.rib.hasPendingMessages(for: ribPeer) {
            let messages = speaker.rib.nextMessages(for: ribPeer, maxBytes: connection.availableBytes)
            if messages.isEmpty { return }
            for message in messages {
                switch message {
                case .update(let u): feed(.sendUpdate(u), primary)
                case .routeRefresh(let r): feed(.sendRouteRefresh(r), primary)
                default: connection.send(message)
                }
                guard primary.connection === connection else { return }
            }
        }
    }
}
