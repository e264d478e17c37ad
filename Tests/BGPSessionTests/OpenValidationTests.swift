/// OPEN checks of RFC 4271 §6.2 (and RFC 5492, 6286, 6793, 9234): exact code, subcode and data.
import BGPWire
import NetCore
import Testing
@testable import BGPSession

/// One OPEN and the NOTIFICATION it must draw (nil: accepted).
struct OpenCase: Sendable, CustomTestStringConvertible {
    let name: String
    let configuration: SessionConfiguration
    let open: OpenMessage
    let expected: NotificationMessage?

    init(_ name: String, _ open: OpenMessage, _ expected: NotificationMessage?,
         configuration: SessionConfiguration = Fixture.configuration()) {
        self.name = name; self.open = open; self.expected = expected; self.configuration = configuration
    }
    var testDescription: String { name }
}

@Suite("OPEN validation (RFC 4271 §6.2)")
struct OpenValidationTests {
    static let version = NotificationMessage(OpenMessageErrorSubcode.unsupportedVersionNumber, data: [0x00, 0x04])
    static let badAS = NotificationMessage(OpenMessageErrorSubcode.badPeerAS)
    static let badID = NotificationMessage(OpenMessageErrorSubcode.badBGPIdentifier)
    static let optional = NotificationMessage(OpenMessageErrorSubcode.unsupportedOptionalParameter)
    static let hold = NotificationMessage(OpenMessageErrorSubcode.unacceptableHoldTime)
    static let role = NotificationMessage(OpenMessageErrorSubcode.roleMismatch)
    static func unsupported(_ data: [UInt8]) -> NotificationMessage {
        NotificationMessage(OpenMessageErrorSubcode.unsupportedCapability, data: data)
    }

    static let wideAS: ASN = 4_200_000_000
    static let widePeer = Fixture.configuration { $0.peerAS = wideAS }
    static let ibgp = Fixture.configuration { $0.peerAS = 65001 }
    static let strictMin = Fixture.configuration { $0.minimumHoldTime = 10 }
    static let provider = Fixture.configuration { $0.capabilities.role = .provider }
    static let strictProvider = Fixture.configuration { $0.capabilities.role = .provider; $0.strictRole = true }
    static let needs4 = Fixture.configuration { $0.requiredCapabilities = [.fourOctetAS] }
    static let needsV6 = Fixture.configuration { $0.requiredCapabilities = [.multiprotocol(.ipv6Unicast)] }
    static let needsV4 = Fixture.configuration { $0.requiredCapabilities = [.multiprotocol(.ipv4Unicast)] }
    static let needsBoth = Fixture.configuration { $0.requiredCapabilities = [.routeRefresh, .fourOctetAS] }
    static let needsAddPath = Fixture.configuration {
        $0.capabilities.addPath[.ipv4Unicast] = [.receive, .send]
        $0.requiredCapabilities = [.addPath(.ipv4Unicast)]
    }

    static let cases: [OpenCase] = [
        OpenCase("acceptable", Fixture.peerOpen(), nil),
        // 2/1, data = the largest version we support (RFC 4271 §6.2).
        OpenCase("version 3", Fixture.peerOpen { $0.version = 3 }, version),
        OpenCase("version 5", Fixture.peerOpen { $0.version = 5 }, version),
        OpenCase("version checked first", Fixture.peerOpen { $0.version = 3; $0.myAS = 1; $0.holdTime = 1 }, version),
        // 2/2 against the configured peer AS; RFC 6793 4-octet AS.
        OpenCase("wrong AS", Fixture.peerOpen { $0.myAS = 65003; $0.capabilities = [] }, badAS),
        OpenCase("wrong AS in capability", Fixture.peerOpen { $0.myAS = 23456; $0.capabilities = [.fourOctetAS(65003)] }, badAS),
        OpenCase("AS_TRANS + capability", Fixture.peerOpen { $0.myAS = 23456; $0.capabilities = [.fourOctetAS(wideAS)] },
                 nil, configuration: widePeer),
        OpenCase("My AS contradicts capability", Fixture.peerOpen { $0.myAS = 65002; $0.capabilities = [.fourOctetAS(wideAS)] },
                 badAS, configuration: widePeer),
        OpenCase("4-octet peer without capability", Fixture.peerOpen { $0.myAS = 23456; $0.capabilities = [] },
                 badAS, configuration: widePeer),
        OpenCase("AS_TRANS with a 2-octet capability", Fixture.peerOpen { $0.myAS = 23456 }, nil),
        OpenCase("2-octet speaker", Fixture.peerOpen { $0.capabilities = [] }, nil),
        // 2/6: 1 and 2 always refused; 0 always accepted; below the configured minimum refused.
        OpenCase("hold 1", Fixture.peerOpen(holdTime: 1), hold),
        OpenCase("hold 2", Fixture.peerOpen(holdTime: 2), hold),
        OpenCase("hold 0", Fixture.peerOpen(holdTime: 0), nil),
        OpenCase("hold 3", Fixture.peerOpen(holdTime: 3), nil),
        OpenCase("hold 9 < minimum 10", Fixture.peerOpen(holdTime: 9), hold, configuration: strictMin),
        OpenCase("hold 10 = minimum", Fixture.peerOpen(holdTime: 10), nil, configuration: strictMin),
        OpenCase("hold 0 with minimum", Fixture.peerOpen(holdTime: 0), nil, configuration: strictMin),
        // 2/3: zero; our own identifier from an internal peer (RFC 6286 §2.2).
        OpenCase("identifier 0", Fixture.peerOpen { $0.identifier = RouterID(rawValue: 0) }, badID),
        OpenCase("iBGP with our identifier", Fixture.peerOpen { $0.myAS = 65001; $0.capabilities = []; $0.identifier = Fixture.localID },
                 badID, configuration: ibgp),
        OpenCase("iBGP with its own identifier", Fixture.peerOpen { $0.myAS = 65001; $0.capabilities = [] }, nil, configuration: ibgp),
        OpenCase("eBGP with our identifier", Fixture.peerOpen { $0.identifier = Fixture.localID }, nil),
        // 2/4: any optional parameter but Capabilities.
        OpenCase("authentication parameter", Fixture.peerOpen { $0.otherParameters = [OptionalParameter(type: 1, value: [0])] },
                 optional),
        // 2/7 only for what we require; data = our capability TLVs (RFC 5492 §5).
        OpenCase("required 4-octet AS missing", Fixture.peerOpen { $0.capabilities = [] },
                 unsupported([65, 4, 0x00, 0x00, 0xFD, 0xE9]), configuration: needs4),
        OpenCase("required IPv6 unicast missing", Fixture.peerOpen(), unsupported([1, 4, 0, 2, 0, 1]), configuration: needsV6),
        OpenCase("IPv4 unicast implied", Fixture.peerOpen { $0.capabilities = [] }, nil, configuration: needsV4),
        OpenCase("two required missing", Fixture.peerOpen { $0.capabilities = [] },
                 unsupported([2, 0, 65, 4, 0x00, 0x00, 0xFD, 0xE9]), configuration: needsBoth),
        OpenCase("required ADD-PATH missing", Fixture.peerOpen(), unsupported([69, 4, 0, 1, 1, 3]), configuration: needsAddPath),
        OpenCase("optional capability missing is fine", Fixture.peerOpen { $0.capabilities = [] }, nil),
        // 2/11 Role Mismatch (RFC 9234 §4.2).
        OpenCase("provider/customer", Fixture.peerOpen { $0.capabilities.append(.role(.customer)) }, nil, configuration: provider),
        OpenCase("provider/peer", Fixture.peerOpen { $0.capabilities.append(.role(.peer)) }, role, configuration: provider),
        OpenCase("provider/provider", Fixture.peerOpen { $0.capabilities.append(.role(.provider)) }, role, configuration: provider),
        OpenCase("conflicting roles", Fixture.peerOpen { $0.capabilities += [.role(.customer), .role(.peer)] }, role,
                 configuration: provider),
        OpenCase("repeated same role", Fixture.peerOpen { $0.capabilities += [.role(.customer), .role(.customer)] }, nil,
                 configuration: provider),
        OpenCase("no role, lenient", Fixture.peerOpen(), nil, configuration: provider),
        OpenCase("no role, strict", Fixture.peerOpen(), role, configuration: strictProvider),
        OpenCase("role unconfigured", Fixture.peerOpen { $0.capabilities.append(.role(.peer)) }, nil),
    ]

    @Test(arguments: cases) func validate(_ c: OpenCase) {
        switch OpenValidation.validate(c.open, configuration: c.configuration) {
        case .success: #expect(c.expected == nil)
        case .failure(let error): #expect(error.notification == c.expected, "\(error.reason)")
        }
    }

    @Test func rolePairsOfRFC9234() {
        let pairs: [(BGPRole, BGPRole)] = [(.provider, .customer), (.customer, .provider), (.routeServer, .routeServerClient),
                                          (.routeServerClient, .routeServer), (.peer, .peer)]
        for local in [BGPRole.provider, .routeServer, .routeServerClient, .customer, .peer] {
            for remote in [BGPRole.provider, .routeServer, .routeServerClient, .customer, .peer] {
                let allowed = pairs.contains { $0 == (local, remote) }
                #expect(OpenValidation.isCorrectPair(local: local, remote: remote) == allowed)
            }
        }
    }

    @Test func ourOpenUsesASTransForA4OctetAS() {
        let c = SessionConfiguration(localAS: OpenValidationTests.wideAS, localIdentifier: Fixture.localID, peerAS: 65002)
        #expect(c.openMessage.myAS == 23456)
        #expect(c.openMessage.asn == OpenValidationTests.wideAS)
        #expect(Fixture.configuration().openMessage.myAS == 65001)
        #expect(Fixture.configuration().openMessage.holdTime == 90)
    }

    @Test func failedOpenInOpenSentSendsTheNotificationAndRecordsTheReason() {
        var fsm = Given.openSent.make()
        let actions = fsm.handle(.bgpOpen(Fixture.peerOpen(holdTime: 2)))
        #expect(actions.first == send(OpenValidationTests.hold))
        guard case .protocolError(let error) = fsm.lastDownReason else {
            Issue.record("expected a protocol error, got \(String(describing: fsm.lastDownReason))")
            return
        }
        #expect(error.reason.contains("hold time 2s"))
    }
}
