/// Connection collision resolution (RFC 4271 §6.8, RFC 6286 §2.3).
import BGPWire
import NetCore
import Testing
@testable import BGPSession

@Suite("Collision detection (RFC 4271 §6.8)")
struct CollisionDetectionTests {
    typealias C = CollisionDetection.Connection
    static let low = RouterID(IPv4Address(192, 0, 2, 1))
    static let high = RouterID(IPv4Address(192, 0, 2, 2))

    static func resolve(local: RouterID, remote: RouterID, existing: C, new: C, localAS: ASN = 65001,
                        remoteAS: ASN = 65002, establishedOption: Bool = false) -> CollisionDetection.Decision {
        CollisionDetection.resolve(localID: local, localAS: localAS, remoteID: remote, remoteAS: remoteAS,
                                   existing: existing, new: new, collisionDetectEstablishedState: establishedOption)
    }

    /// Lower local identifier: the connection the peer initiated survives.
    @Test func localLowerKeepsThePeersConnection() {
        let ours = C(state: .openConfirm, direction: .outbound), theirs = C(state: .openSent, direction: .inbound)
        #expect(Self.resolve(local: Self.low, remote: Self.high, existing: ours, new: theirs) == .closeExisting)
        let oursNew = C(state: .openSent, direction: .outbound), theirsOld = C(state: .openConfirm, direction: .inbound)
        #expect(Self.resolve(local: Self.low, remote: Self.high, existing: theirsOld, new: oursNew) == .closeNew)
    }

    /// Higher local identifier: our own connection survives.
    @Test func localHigherKeepsOurConnection() {
        let ours = C(state: .openConfirm, direction: .outbound), theirs = C(state: .openSent, direction: .inbound)
        #expect(Self.resolve(local: Self.high, remote: Self.low, existing: ours, new: theirs) == .closeNew)
        let oursNew = C(state: .openSent, direction: .outbound), theirsOld = C(state: .openConfirm, direction: .inbound)
        #expect(Self.resolve(local: Self.high, remote: Self.low, existing: theirsOld, new: oursNew) == .closeExisting)
    }

    @Test func existingInOpenSentAlsoCollides() {
        let ours = C(state: .openSent, direction: .outbound), theirs = C(state: .openSent, direction: .inbound)
        #expect(Self.resolve(local: Self.low, remote: Self.high, existing: ours, new: theirs) == .closeExisting)
    }

    @Test(arguments: [State.idle, .connect, .active])
    func noCollisionBeforeOpen(_ state: State) {
        let existing = C(state: state, direction: .outbound), new = C(state: .openSent, direction: .inbound)
        #expect(Self.resolve(local: Self.low, remote: Self.high, existing: existing, new: new) == .noCollision)
    }

    /// Established wins outright unless CollisionDetectEstablishedState is set.
    @Test func establishedKeepsItsConnection() {
        let up = C(state: .established, direction: .outbound), theirs = C(state: .openSent, direction: .inbound)
        #expect(Self.resolve(local: Self.low, remote: Self.high, existing: up, new: theirs) == .closeNew)
        #expect(Self.resolve(local: Self.low, remote: Self.high, existing: up, new: theirs, establishedOption: true)
            == .closeExisting)
        #expect(Self.resolve(local: Self.high, remote: Self.low, existing: up, new: theirs, establishedOption: true)
            == .closeNew)
    }

    /// RFC 6286 §2.3: equal identifiers (eBGP), the larger AS's connection survives.
    @Test func equalIdentifiersCompareAS() {
        let ours = C(state: .openConfirm, direction: .outbound), theirs = C(state: .openSent, direction: .inbound)
        #expect(Self.resolve(local: Self.low, remote: Self.low, existing: ours, new: theirs, localAS: 65010, remoteAS: 65002)
            == .closeNew)
        #expect(Self.resolve(local: Self.low, remote: Self.low, existing: ours, new: theirs, localAS: 65001, remoteAS: 65002)
            == .closeExisting)
    }

    @Test func loserSendsCease7() {
        #expect(CollisionDetection.notification == NotificationMessage(code: 6, subcode: 7))
        var fsm = Given.openConfirm.make()
        #expect(fsm.handle(.openCollisionDump).first == send(NotificationMessage(code: 6, subcode: 7)))
        #expect(fsm.lastDownReason == .connectionCollision)
    }
}
