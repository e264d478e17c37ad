/// A tiny BGP speaker for lab tests: one `SessionFSM` driven over one blocking socket. Every byte
/// sent is encoded by BGPWire and every byte received is framed and decoded by BGPWire; the FSM
/// decides what to send. Timers are deadlines checked while pumping (`run(until:)`), so a test
/// runs at wall-clock speed without any thread of its own.
import BGPSession
import BGPWire
import Foundation
import NetCore

final class TestSpeaker {
    typealias FSM = SessionFSM

    private(set) var fsm: FSM
    /// Opens the TCP connection when the FSM asks to connect (e.g. `namespace.connect(to:)`).
    private let connector: () throws -> BlockingSocket
    private var socket: BlockingSocket?
    private var inbox: [UInt8] = []
    private var deadlines: [FSM.Timer: ContinuousClock.Instant] = [:]
    private var pending: [FSM.Event] = []
    private let started = ContinuousClock.now
    private var decodeContext = DecodeContext()
    private var encodeContext = EncodeContext()

    /// Every message received, decoded, in order.
    private(set) var received: [BGPMessage] = []
    /// UPDATEs the FSM delivered (including End-of-RIB markers).
    private(set) var updates: [UpdateMessage] = []
    private(set) var endOfRIB: Set<AddressFamily> = []
    private(set) var notificationsReceived: [NotificationMessage] = []
    private(set) var notificationsSent: [NotificationMessage] = []
    private(set) var routeRefreshesReceived: [RouteRefreshMessage] = []
    private(set) var negotiated: NegotiatedSession?
    private(set) var downReasons: [FSM.DownReason] = []
    /// Decoding failures, with the offending bytes in hex (the evidence for a codec bug report).
    private(set) var decodeErrors: [String] = []
    /// A readable history of the session, printed when a check fails.
    private(set) var trace: [String] = []
    /// When set, a Cease/Administrative Shutdown the FSM sends carries this RFC 8203/9003
    /// Shutdown Communication (the FSM's ManualStop sends the bare Cease).
    var shutdownCommunication: String?

    init(configuration: SessionConfiguration, connector: @escaping () throws -> BlockingSocket) {
        fsm = SessionFSM(configuration: configuration, jitter: .disabled)
        self.connector = connector
    }

    deinit { socket?.close() }

    var state: FSM.State { fsm.state }
    var traceText: String { trace.joined(separator: "\n") }

    // MARK: Driving

    /// ManualStart (Event 1): the FSM asks to connect, and the connection is opened at once.
    func start() { feed(.manualStart) }

    /// ManualStop (Event 2): Cease/Administrative Shutdown (with `message` as its Shutdown
    /// Communication), then the connection is closed.
    func stop(message: String? = nil) {
        shutdownCommunication = message
        feed(.manualStop)
    }

    /// Sends an UPDATE through the FSM (only in Established).
    func send(_ update: UpdateMessage) { feed(.sendUpdate(update)) }

    /// Sends a ROUTE-REFRESH through the FSM (only when negotiated for `family`).
    func requestRouteRefresh(_ family: AddressFamily) {
        feed(.sendRouteRefresh(RouteRefreshMessage(family: family)))
    }

    /// Reads, decodes, runs timers and feeds the FSM until `condition` holds or `timeout` passes.
    @discardableResult
    func run(until condition: (TestSpeaker) -> Bool, timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition(self) {
            let now = ContinuousClock.now
            guard now < deadline else { return false }
            fireExpiredTimers(now)
            let nextTimer = deadlines.values.min() ?? deadline
            let wait = max(.zero, min(deadline, nextTimer, now + .milliseconds(50)) - now)
            guard let socket, socket.isOpen else {
                Thread.sleep(forTimeInterval: Double(wait.components.attoseconds) / 1e18)
                continue
            }
            do {
                guard let bytes = try socket.receive(timeout: wait) else { continue }
                if bytes.isEmpty {
                    note("connection closed by peer")
                    feed(.tcpConnectionFails)
                    continue
                }
                inbox += bytes
                drainInbox()
            } catch {
                note("receive: \(error)")
                feed(.tcpConnectionFails)
            }
        }
        return true
    }

    /// Keeps the session running (keepalives, incoming messages) for `duration`.
    func idle(for duration: Duration) { run(until: { _ in false }, timeout: duration) }

    /// Runs until Established; false (with the trace) when the session did not come up.
    func establish(timeout: Duration = .seconds(15)) -> Bool {
        run(until: { $0.state == .established || ($0.state == .idle && !$0.downReasons.isEmpty) }, timeout: timeout)
        return state == .established
    }

    // MARK: FSM plumbing

    private func feed(_ event: FSM.Event) {
        pending.append(event)
        while !pending.isEmpty {
            let next = pending.removeFirst()
            let before = fsm.state
            let actions = fsm.handle(next)
            note("event \(short(next)) in \(before)")
            for action in actions { perform(action) }
        }
    }

    private func perform(_ action: FSM.Action) {
        switch action {
        case .connect:
            do {
                socket = try connector()
                inbox = []
                note("connected")
                pending.append(.tcpConnectionRequestAcked)
            } catch {
                note("connect failed: \(error)")
                pending.append(.tcpConnectionFails)
            }
        case .closeConnection:
            socket?.close()
            socket = nil
            inbox = []
        case .send(let message):
            transmit(message)
        case let .startTimer(timer, duration):
            deadlines[timer] = ContinuousClock.now + duration
        case .stopTimer(let timer):
            deadlines[timer] = nil
        case .sessionEstablished(let session):
            adopt(session)
            note("established: peer AS \(session.peerAS), id \(session.peerIdentifier), families \(session.capabilities.families.sorted())")
        case .sessionDown(let reason):
            downReasons.append(reason)
            note("session down: \(reason)")
        case .deliverUpdate(let update):
            updates.append(update)
            if let family = update.endOfRIBFamily { endOfRIB.insert(family) }
        case .deliverRouteRefresh(let refresh):
            routeRefreshesReceived.append(refresh)
        case let .stateChange(from, to):
            note("state \(from) → \(to)")
            if to == .idle, case .idle = from {} else if to == .idle, downReasons.isEmpty, let r = fsm.lastDownReason {
                downReasons.append(r)
            }
        }
    }

    /// Negotiated decode/encode facts apply from the peer's OPEN on (OpenConfirm).
    private func adopt(_ session: NegotiatedSession) {
        negotiated = session
        decodeContext = session.decodeContext
        decodeContext.externalPeer = !session.isInternal
        encodeContext = session.encodeContext
        encodeContext.externalPeer = !session.isInternal
    }

    private func transmit(_ message: BGPMessage) {
        var message = message
        if case .notification(let n) = message, n.code == NotificationCode.cease.rawValue,
           n.subcode == CeaseSubcode.administrativeShutdown.rawValue, n.data.isEmpty, let text = shutdownCommunication {
            message = .notification(.shutdown(text))
        }
        if case .notification(let n) = message { notificationsSent.append(n) }
        let bytes = message.encode(context: encodeContext)
        note("sent \(describe(message)) (\(bytes.count) bytes)")
        guard let socket else { return note("no connection to send on") }
        do { try socket.send(bytes) } catch {
            note("send: \(error)")
            pending.append(.tcpConnectionFails)
        }
    }

    private func drainInbox() {
        while !inbox.isEmpty {
            if fsm.negotiated != nil, negotiated == nil, let session = fsm.negotiated { adopt(session) }
            let outcome: MessageFramer.Outcome
            do {
                outcome = try MessageFramer.frame(inbox[...], maxMessageLength: decodeContext.maxMessageLength)
            } catch {
                decodeErrors.append("header: \(error.reason); bytes \(hex(inbox.prefix(64)))")
                inbox = []
                feed(.bgpHeaderErr(error))
                return
            }
            guard case let .message(type, body, length) = outcome else { return }
            let raw = Array(inbox[0..<length])
            do {
                let message = try BGPMessage.decode(type: type, body: body, context: decodeContext)
                inbox.removeFirst(length)
                received.append(message)
                note("received \(describe(message))")
                switch message {
                case .notification(let n): notificationsReceived.append(n)
                case .update(let u) where !u.attributeErrors.isEmpty:
                    decodeErrors.append("UPDATE findings \(u.attributeErrors); bytes \(hex(raw[...]))")
                default: break
                }
                feed(.received(message))
            } catch {
                inbox.removeFirst(length)
                decodeErrors.append("\(type): \(error.reason); bytes \(hex(raw[...]))")
                note("decode error \(type): \(error.reason)")
                switch type {
                case .open: feed(.bgpOpenMsgErr(error))
                case .update: feed(.updateMsgErr(error))
                default: feed(.bgpHeaderErr(error))
                }
            }
            if socket == nil { return }
        }
    }

    private func fireExpiredTimers(_ now: ContinuousClock.Instant) {
        for (timer, at) in deadlines where at <= now {
            deadlines[timer] = nil
            switch timer {
            case .connectRetry: feed(.connectRetryTimerExpires)
            case .hold: feed(.holdTimerExpires)
            case .keepalive: feed(.keepaliveTimerExpires)
            case .delayOpen: feed(.delayOpenTimerExpires)
            case .idleHold: feed(.idleHoldTimerExpires)
            case .idleHoldReset: feed(.idleHoldResetTimerExpires)
            }
        }
    }

    // MARK: Reading what arrived

    /// The latest announcement of `prefix` received (nil if none, or withdrawn since).
    func route(_ prefix: String) -> ReceivedRoute? {
        guard let wanted = IPPrefix(prefix) else { return nil }
        var result: ReceivedRoute?
        for update in updates {
            for nlri in update.withdrawn where nlri.prefix == wanted { result = nil }
            if case .prefixes(let list)? = update.mpUnreach?.withdrawn {
                for nlri in list where nlri.prefix == wanted { result = nil }
            }
            if update.treatAsWithdraw { continue }
            for nlri in update.nlri where nlri.prefix == wanted {
                result = ReceivedRoute(update: update, nextHop: update.nextHop.map { IPAddress.v4($0) })
            }
            if let reach = update.mpReach, case .prefixes(let list) = reach.nlri {
                for nlri in list where nlri.prefix == wanted {
                    result = ReceivedRoute(update: update, nextHop: ReceivedRoute.nextHop(reach))
                }
            }
        }
        return result
    }

    private func note(_ line: String) {
        let t = ContinuousClock.now - started
        trace.append("\(String(format: "%7.3f", Double(t.components.seconds) + Double(t.components.attoseconds) / 1e18)) \(line)")
    }

    private func short(_ event: FSM.Event) -> String {
        switch event {
        case .updateMsg: "UpdateMsg"
        case .sendUpdate: "SendUpdate"
        case .bgpOpen: "BGPOpen"
        default: "\(event)"
        }
    }

    private func describe(_ message: BGPMessage) -> String {
        switch message {
        case .open(let o): "OPEN AS \(o.asn) hold \(o.holdTime) id \(o.identifier) capability codes \(o.capabilities.map(\.code))"
        case .update(let u):
            if let f = u.endOfRIBFamily { "UPDATE End-of-RIB \(f)" } else {
                "UPDATE withdrawn \(u.withdrawn.map(\.prefix)) nlri \(u.nlri.map(\.prefix)) attrs \(u.attributes)"
            }
        case .notification(let n): "NOTIFICATION \(n)"
        case .keepalive: "KEEPALIVE"
        case .routeRefresh(let r): "ROUTE-REFRESH \(r.family) subtype \(r.subtypeRaw)"
        }
    }
}

/// A route as our side decoded it.
struct ReceivedRoute {
    let update: UpdateMessage
    let nextHop: IPAddress?

    var asPath: [UInt32] {
        (update.asPath?.segments ?? []).flatMap { $0.asns.map(\.rawValue) }
    }

    /// The global next hop of an MP_REACH_NLRI (the first 4 or 16 bytes).
    static func nextHop(_ reach: MPReachNLRI) -> IPAddress? {
        let bytes = reach.nextHop
        if bytes.count == 4 { return .v4(IPv4Address(bytes[0], bytes[1], bytes[2], bytes[3])) }
        if bytes.count >= 16 { return IPv6Address(bytes: bytes.prefix(16)).map { .v6($0) } }
        return nil
    }
}

/// Hex for evidence in failure messages.
func hex(_ bytes: ArraySlice<UInt8>) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}
