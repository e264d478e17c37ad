/// Shared fixtures: a local speaker (AS 65001, 192.0.2.1), its peer (AS 65002, 192.0.2.2),
/// and a way to put an FSM into any state of RFC 4271 §8.2.2 by feeding it events.
import BGPWire
import NetCore
import Testing
@testable import BGPSession

typealias Event = SessionFSM.Event
typealias Action = SessionFSM.Action
typealias State = SessionFSM.State

enum Fixture {
    static let localID = RouterID(IPv4Address(192, 0, 2, 1))
    static let peerID = RouterID(IPv4Address(192, 0, 2, 2))

    static func configuration(_ tweak: (inout SessionConfiguration) -> Void = { _ in }) -> SessionConfiguration {
        var c = SessionConfiguration(localAS: 65001, localIdentifier: localID, peerAS: 65002)
        tweak(&c)
        return c
    }

    /// The peer's OPEN: AS 65002, hold time 90, IPv4 unicast, route refresh, 4-octet AS.
    static func peerOpen(holdTime: UInt16 = 90, _ tweak: (inout OpenMessage) -> Void = { _ in }) -> OpenMessage {
        var open = OpenMessage(myAS: 65002, holdTime: holdTime, identifier: peerID,
                               capabilities: [.multiprotocol(.ipv4Unicast), .routeRefresh, .fourOctetAS(65002)])
        tweak(&open)
        return open
    }

    static let ourOpen = Action.send(.open(configuration().openMessage))
    static let headerError = WireError(NotificationMessage(MessageHeaderErrorSubcode.badMessageLength, data: [0, 5]),
                                       "length 5")
    static let openError = WireError(NotificationMessage(OpenMessageErrorSubcode.unspecific), "bad OPEN")
    static let updateError = WireError(NotificationMessage(UpdateMessageErrorSubcode.malformedAttributeList),
                                       "attributes overrun")
    static let versionError = NotificationMessage(OpenMessageErrorSubcode.unsupportedVersionNumber, data: [0, 4])
    static let adminShutdown = NotificationMessage(CeaseSubcode.administrativeShutdown)
    static let update = UpdateMessage()

    /// The negotiated session the peer's default OPEN produces.
    static var session: NegotiatedSession { NegotiatedSession(peerOpen: peerOpen(), configuration: configuration()) }
}

/// Where a table row starts: a state, reached by real events from Idle.
enum Given: String, Sendable, CustomTestStringConvertible {
    case idle, connect, active, openSent, openConfirm, established
    /// DelayOpen configured, TCP up, DelayOpenTimer running.
    case connectDelayOpen, activeDelayOpen

    var events: [Event] {
        switch self {
        case .idle: []
        case .connect: [.manualStart]
        case .active: [.manualStartWithPassiveTcpEstablishment]
        case .openSent: [.manualStart, .tcpConnectionConfirmed]
        case .openConfirm: Given.openSent.events + [.bgpOpen(Fixture.peerOpen())]
        case .established: Given.openConfirm.events + [.keepAliveMsg]
        case .connectDelayOpen: [.manualStart, .tcpConnectionConfirmed]
        case .activeDelayOpen: [.manualStartWithPassiveTcpEstablishment, .tcpConnectionConfirmed]
        }
    }

    var configuration: SessionConfiguration {
        switch self {
        case .connectDelayOpen, .activeDelayOpen: Fixture.configuration { $0.delayOpen = true }
        default: Fixture.configuration()
        }
    }

    func make(_ configuration: SessionConfiguration? = nil) -> SessionFSM {
        var fsm = SessionFSM(configuration: configuration ?? self.configuration, jitter: .disabled)
        for event in events { _ = fsm.handle(event) }
        return fsm
    }

    var testDescription: String { rawValue }
}

/// One line of an RFC 4271 §8.2.2 table: given a state, when an event, then actions and a state.
struct Row: Sendable, CustomTestStringConvertible {
    let given: Given
    let event: Event
    let actions: [Action]
    let next: State
    let counter: Int?

    init(_ given: Given, _ event: Event, _ actions: [Action], _ next: State, counter: Int? = nil) {
        self.given = given; self.event = event; self.actions = actions; self.next = next; self.counter = counter
    }

    var testDescription: String { "\(given) + \(event) → \(next)" }

    /// Runs the row and checks actions, state and (when given) ConnectRetryCounter.
    func check() {
        var fsm = given.make()
        let got = fsm.handle(event)
        #expect(got == actions)
        #expect(fsm.state == next)
        if let counter { #expect(fsm.connectRetryCounter == counter) }
    }
}

// Action shorthands, named after the RFC's wording.
func startTimer(_ t: SessionFSM.Timer, _ seconds: Int) -> Action { .startTimer(t, .seconds(seconds)) }
func stopTimer(_ t: SessionFSM.Timer) -> Action { .stopTimer(t) }
func send(_ n: NotificationMessage) -> Action { .send(.notification(n)) }
func change(_ from: State, _ to: State) -> Action { .stateChange(from: from, to: to) }
let sendKeepalive = Action.send(.keepalive)
let closeConnection = Action.closeConnection
/// IdleHoldTimer at the fixture's IdleHoldTime: the automatic restart after an error.
let idleHold = startTimer(.idleHold, 5)
