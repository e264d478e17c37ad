/// When the kernel writer may remove stale routes after a start: every peer Established and
/// done with its initial table — its End-of-RIB (RFC 4724 §2) seen for every negotiated unicast
/// family, or, for a peer that sends none, Established for `endOfRIBWait`.
import Foundation
@testable import Speaker
import Testing
@testable import Daemon

@Suite("BGP convergence for the kernel writer")
struct ConvergenceTests {
    static func peer(state: String = "Established", seconds: Double, families: [String], endOfRIB: [String]?) -> PeerStatus {
        PeerStatus(name: "p", address: "192.0.2.1", port: 179, kind: .global, remoteAS: 65000, localAS: 64512,
                   passive: false, state: state, since: Date(), secondsInState: seconds, peerRouterID: nil,
                   prefixesReceived: 0, prefixesAccepted: 0, prefixesAdvertised: 0, lastError: nil,
                   negotiatedHoldTime: 90, negotiatedKeepaliveTime: 30, capabilities: families + ["4-octet-as"],
                   connectionID: 1, establishedCount: 1, endOfRIBReceived: endOfRIB)
    }

    @Test func endOfRIBForEveryFamilyConvergesAtOnce() {
        let both = ["ipv4-unicast", "ipv6-unicast"]
        #expect(Daemon.converged([Self.peer(seconds: 0.1, families: both, endOfRIB: both)], endOfRIBWait: 1))
        // One family's End-of-RIB still missing: not before the settle time.
        #expect(!Daemon.converged([Self.peer(seconds: 0.1, families: both, endOfRIB: ["ipv4-unicast"])], endOfRIBWait: 1))
        #expect(Daemon.converged([Self.peer(seconds: 1.5, families: both, endOfRIB: ["ipv4-unicast"])], endOfRIBWait: 1))
        // A peer that never sends End-of-RIB (or an older reply without the field).
        #expect(!Daemon.converged([Self.peer(seconds: 0.5, families: ["ipv4-unicast"], endOfRIB: nil)], endOfRIBWait: 1))
        #expect(Daemon.converged([Self.peer(seconds: 2, families: ["ipv4-unicast"], endOfRIB: nil)], endOfRIBWait: 1))
    }

    @Test func everyPeerMustBeEstablished() {
        let done = Self.peer(seconds: 5, families: ["ipv4-unicast"], endOfRIB: ["ipv4-unicast"])
        #expect(Daemon.converged([], endOfRIBWait: 1))
        #expect(!Daemon.converged([done, Self.peer(state: "Active", seconds: 5, families: [], endOfRIB: nil)], endOfRIBWait: 1))
        // Established but no family negotiated yet counts only by time.
        #expect(!Daemon.converged([Self.peer(seconds: 0.2, families: [], endOfRIB: [])], endOfRIBWait: 1))
    }
}
