/// ManualStop with an RFC 8203/9003 Shutdown Communication, and the eBGP flag the negotiated
/// session hands the wire layer (RFC 7606 §7.5/§7.9/§7.10 discards depend on it).
import BGPWire
import NetCore
import Testing
@testable import BGPSession

@Suite struct ShutdownCommunicationTests {
    @Test(arguments: [Given.openSent, .openConfirm, .established])
    func manualStopCarriesTheCommunication(given: Given) throws {
        var fsm = given.make()
        let actions = fsm.manualStop(communication: "maintenance: swiftletd stopping")
        let sent = actions.compactMap { action -> NotificationMessage? in
            if case .send(.notification(let n)) = action { return n }
            return nil
        }
        let notification = try #require(sent.first)
        #expect(notification.code == 6 && notification.subcode == 2)
        #expect(notification.shutdownCommunication == "maintenance: swiftletd stopping")
        #expect(fsm.state == .idle)
        // The communication is used once: a later plain ManualStop sends a bare Cease.
        _ = fsm.handle(.manualStart)
        _ = fsm.handle(.tcpConnectionConfirmed)
        #expect(fsm.handle(.manualStop).contains(send(Fixture.adminShutdown)))
    }

    @Test func decodeContextMarksExternalPeers() {
        let ebgp = Fixture.session
        #expect(!ebgp.isInternal)
        #expect(ebgp.decodeContext.externalPeer)
        let ibgpConfig = Fixture.configuration { $0.peerAS = 65001 }
        let ibgpOpen = Fixture.peerOpen { $0.myAS = 65001; $0.capabilities = [.multiprotocol(.ipv4Unicast), .fourOctetAS(65001)] }
        let ibgp = NegotiatedSession(peerOpen: ibgpOpen, configuration: ibgpConfig)
        #expect(ibgp.isInternal)
        #expect(!ibgp.decodeContext.externalPeer)
    }
}
