/// `PeerRunner` as the delegate of its connections: TCP events and messages become FSM
/// events (RFC 4271 §8.1.4, §8.1.5); incoming connections are adopted or run as a second
/// instance until an OPEN lets collision detection (§6.8) pick the survivor.
import BGPSession
import BGPWire
import Transport

extension PeerRunner: ConnectionDelegate {
    func connection(_ connection: Connection, didReport event: ConnectionEvent) {
        guard let s = instance(of: connection) else { return }
        switch event {
        case .connected:
            feed(.tcpConnectionRequestAcked, s)                       // Event 16
        case .received(.open(let open)):
            received(open, on: s)
        case .received(let message):
            feed(.received(message), s)
        case .malformed(let error, let type):
            logger.warning("malformed \(type.map { "\($0)" } ?? "message header") from peer: \(error.reason)")
            switch type {
            case .open?: feed(.bgpOpenMsgErr(error), s)              // Event 22
            case .update?: feed(.updateMsgErr(error), s)             // Event 28
            default: feed(.bgpHeaderErr(error), s)                   // Event 21
            }
        case .writable:
            if s === primary { pump() }
        case .closed(let error):
            s.connection = nil
            connectionFailed(error, s)
        }
    }

    private func instance(of connection: Connection) -> SessionInstance? {
        if primary.connection === connection { return primary }
        if let second = secondary, second.connection === connection { return second }
        return nil
    }

    /// Event 18; a connect timeout with TCP MD5 gets the "key mismatch likely" hint (the
    /// error text carries it: the peer's kernel silently drops badly signed SYNs, RFC 2385).
    private func connectionFailed(_ error: ConnectionError, _ s: SessionInstance) {
        let text = error.description
        if case .connectTimedOut(_, _, true) = error {
            logger.error("\(text)")
        } else {
            logger.notice("connection ended: \(text)")
        }
        if s === primary { noteError(text) }
        feed(.tcpConnectionFails, s)
    }

    /// An accepted connection from this peer's address (the listener filtered the rest).
    /// RFC 4271 §8.2.2: refused in Idle — unless the session is only waiting to restart by
    /// itself, in which case it restarts now (`earlyRestartForIncomingConnection`); adopted in
    /// Active when no outgoing attempt is under way; otherwise (Connect with an attempt in
    /// progress, OpenSent, OpenConfirm) a second FSM runs it until the OPENs let collision
    /// detection (§6.8) choose. Dropping our own attempt in Connect instead would be wrong when
    /// both sides connect at once: each would drop the connection the other adopted, both
    /// sessions would die with "connection reset" and wait out ConnectRetryTime.
    func accept(_ accepted: AcceptedSocket) {
        if !stopped, secondary == nil, let restart = primary.fsm.earlyRestartForIncomingConnection {
            logger.info("incoming connection from \(accepted.remote) while waiting to restart: restarting now to take it")
            feed(restart, primary)
        }
        guard !stopped, primary.fsm.state != .idle, secondary == nil else {
            logger.info("incoming connection from \(accepted.remote) refused in state \(primary.fsm.state)")
            return  // dropping `accepted` closes the socket
        }
        let connection = Connection(accepted: accepted, options: speaker.connectionOptions(settings), queue: speaker.queue)
        connection.delegate = self
        if primary.fsm.state == .active || (primary.fsm.state == .connect && primary.connection == nil) {
            primary.connection?.close()
            primary.connection = connection
            connection.start()
            feed(.tcpConnectionConfirmed, primary)                     // Event 17
            return
        }
        var configuration = speaker.sessionConfiguration(settings)
        configuration.allowAutomaticStart = false
        let second = SessionInstance(fsm: SessionFSM(configuration: configuration, jitter: .disabled),
                                     queue: speaker.queue, mayConnect: false)
        second.connection = connection
        secondary = second
        connection.start()
        perform(second.fsm.handle(.manualStartWithPassiveTcpEstablishment), on: second)
        feed(.tcpConnectionConfirmed, second)
    }

    /// RFC 4271 §6.8: an OPEN while the other instance has exchanged OPENs decides which
    /// connection survives; the loser gets OpenCollisionDump (Event 23, Cease 6/7).
    private func received(_ open: OpenMessage, on s: SessionInstance) {
        guard let other = (s === primary ? secondary : primary), other.connection != nil else {
            return feed(.bgpOpen(open), s)
        }
        let local = speaker.sessionConfiguration(settings)
        let decision = CollisionDetection.resolve(
            localID: local.localIdentifier, localAS: local.localAS, remoteID: open.identifier, remoteAS: open.asn,
            existing: .init(state: other.fsm.state, direction: other.direction),
            new: .init(state: s.fsm.state, direction: s.direction))
        switch decision {
        case .noCollision:
            feed(.bgpOpen(open), s)
        case .closeNew:
            logger.info("connection collision: closing the \(s.direction) connection")
            feed(.openCollisionDump, s)
        case .closeExisting:
            logger.info("connection collision: closing the \(other.direction) connection")
            feed(.openCollisionDump, other)
            feed(.bgpOpen(open), s)
        }
    }
}
