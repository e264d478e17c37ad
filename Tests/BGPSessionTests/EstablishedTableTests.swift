/// RFC 4271 §8.2.2 Established state, row by row (KeepaliveTimer and HoldTimer running).
import BGPWire
import NetCore
import Testing
@testable import BGPSession

@Suite("Established (RFC 4271 §8.2.2)")
struct EstablishedTableTests {
    /// Send the NOTIFICATION, release resources, delete all routes, drop TCP, Idle.
    static func toIdle(_ n: NotificationMessage?, _ reason: SessionFSM.DownReason, restart: Bool = true) -> [Action] {
        (n.map { [send($0)] } ?? []) + [stopTimer(.hold), stopTimer(.keepalive), .sessionDown(reason), closeConnection]
            + (restart ? [idleHold] : []) + [change(.established, .idle)]
    }
    static let fsmError = NotificationMessage(FSMErrorSubcode.unexpectedMessageInEstablished)
    static let collision = NotificationMessage(CeaseSubcode.connectionCollisionResolution)
    static let maxPrefixes = NotificationMessage(CeaseSubcode.maximumNumberOfPrefixesReached)
    static let refreshV4 = RouteRefreshMessage(family: .ipv4Unicast)
    static let refreshV6 = RouteRefreshMessage(family: .ipv6Unicast)
    static let beginV4 = RouteRefreshMessage(family: .ipv4Unicast, subtype: .beginning)

    static let rows: [Row] = [
        Row(.established, .manualStart, [], .established),                                              // 1
        Row(.established, .manualStartWithPassiveTcpEstablishment, [], .established),                   // 4
        Row(.established, .manualStop, toIdle(Fixture.adminShutdown, .manualStop, restart: false), .idle,
            counter: 0),                                                                                // 2
        Row(.established, .automaticStop(.maximumNumberOfPrefixesReached),
            toIdle(maxPrefixes, .automaticStop(.maximumNumberOfPrefixesReached), restart: false), .idle,
            counter: 1),                                                                                // 8
        Row(.established, .holdTimerExpires, [send(.holdTimerExpired), stopTimer(.keepalive),
            .sessionDown(.holdTimerExpired), closeConnection, idleHold, change(.established, .idle)], .idle,
            counter: 1),                                                                                // 10
        Row(.established, .keepaliveTimerExpires, [sendKeepalive, startTimer(.keepalive, 30)], .established), // 11
        Row(.established, .tcpConnectionValid, [], .established),                                       // 14
        Row(.established, .tcpConnectionRequestInvalid, [], .established),                              // 15
        Row(.established, .tcpConnectionRequestAcked, [], .established),                                // 16
        Row(.established, .tcpConnectionConfirmed, [], .established),                                   // 17
        Row(.established, .tcpConnectionFails, toIdle(nil, .connectionFailed), .idle, counter: 1),      // 18
        Row(.established, .bgpOpen(Fixture.peerOpen()), [], .established),                              // 19
        Row(.established, .bgpHeaderErr(Fixture.headerError),
            toIdle(Fixture.headerError.notification, .protocolError(Fixture.headerError)), .idle),     // 21
        Row(.established, .bgpOpenMsgErr(Fixture.openError),
            toIdle(fsmError, .protocolError(WireError(fsmError, "unexpected BGPOpenMsgErr (Event 22) in Established"))),
            .idle),                                                                                     // 22
        Row(.established, .openCollisionDump, toIdle(collision, .connectionCollision), .idle, counter: 1), // 23
        Row(.established, .notifMsg(Fixture.versionError), toIdle(nil, .notificationReceived(Fixture.versionError)),
            .idle, counter: 1),                                                                         // 24
        Row(.established, .notifMsg(Fixture.adminShutdown),
            toIdle(nil, .notificationReceived(Fixture.adminShutdown)), .idle, counter: 1),              // 25
        Row(.established, .keepAliveMsg, [startTimer(.hold, 90)], .established),                        // 26
        Row(.established, .updateMsg(Fixture.update), [.deliverUpdate(Fixture.update), startTimer(.hold, 90)],
            .established),                                                                              // 27
        Row(.established, .updateMsgErr(Fixture.updateError),
            toIdle(Fixture.updateError.notification, .protocolError(Fixture.updateError)), .idle, counter: 1), // 28
        Row(.established, .routeRefreshMsg(refreshV4), [.deliverRouteRefresh(refreshV4), startTimer(.hold, 90)],
            .established),
        Row(.established, .routeRefreshMsg(refreshV6), [startTimer(.hold, 90)], .established),  // not negotiated
        Row(.established, .routeRefreshMsg(beginV4), [startTimer(.hold, 90)], .established),    // BoRR needs RFC 7313
        Row(.established, .sendUpdate(Fixture.update), [.send(.update(Fixture.update)), startTimer(.keepalive, 30)],
            .established),
        Row(.established, .sendRouteRefresh(refreshV4), [.send(.routeRefresh(refreshV4))], .established),
        Row(.established, .sendRouteRefresh(refreshV6), [], .established),
    ]

    @Test(arguments: rows) func row(_ row: Row) { row.check() }

    @Test func establishedCarriesTheNegotiatedSession() throws {
        let fsm = Given.established.make()
        let session = try #require(fsm.negotiated)
        #expect(session.timers == HoldTimeNegotiation(holdTime: 90, keepaliveTime: 30))
        var expected = DecodeContext(fourOctetAS: true, addPathReceive: [], extendedMessage: false)
        expected.externalPeer = true   // the fixture peer is eBGP
        #expect(session.decodeContext == expected)
        #expect(session.capabilities.families == [.ipv4Unicast])
        #expect(fsm.lastDownReason == nil)
    }

    @Test func downReasonIsRemembered() {
        var fsm = Given.established.make()
        _ = fsm.handle(.notifMsg(Fixture.adminShutdown))
        #expect(fsm.lastDownReason == .notificationReceived(Fixture.adminShutdown))
        #expect(fsm.negotiated == nil)
    }

    @Test func receivedMessagesMapToRFCEvents() {
        let fatal = AttributeError(code: .origin, action: .sessionReset,
                                   notification: NotificationMessage(UpdateMessageErrorSubcode.malformedAttributeList),
                                   reason: "bad")
        #expect(Event.received(.keepalive) == .keepAliveMsg)
        #expect(Event.received(.update(Fixture.update)) == .updateMsg(Fixture.update))
        #expect(Event.received(.update(UpdateMessage(attributeErrors: [fatal])))
            == .updateMsgErr(WireError(fatal.notification, "bad")))
        #expect(Event.received(.notification(Fixture.versionError)).description == "NotifMsgVerErr (Event 24)")
        #expect(Event.received(.notification(Fixture.adminShutdown)).description == "NotifMsg (Event 25)")
    }
}
