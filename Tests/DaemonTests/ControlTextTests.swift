/// What swiftletctl prints without --json: the peers table (type, AS, state, counts, last
/// error), routes with best/multipath marks and the peer they came from, status lines.
import Foundation
import Speaker
import Testing
@testable import Daemon

@Suite("Control text")
struct ControlTextTests {
    /// Speaker values as the daemon sends them (their memberwise initialisers are internal).
    static func decode<T: Codable & Sendable>(_ json: String, as: T.Type) throws -> T {
        try ControlClient.decode(Array("{\"ok\":true,\"result\":\(json)}".utf8), as: T.self)
    }

    static let peer = """
        {"name":"Global_192_0_2_1","address":"192.0.2.1","port":179,"kind":"global","remoteAS":65000,"localAS":64512,
         "passive":false,"state":"Established","since":"2026-01-01T00:00:00Z","secondsInState":125,
         "prefixesReceived":3,"prefixesAccepted":2,"prefixesAdvertised":1,"capabilities":[],"establishedCount":1}
        """
    static let passivePeer = """
        {"name":"Mesh_192_0_2_12","address":"192.0.2.12","port":1790,"kind":"mesh","remoteAS":64512,"localAS":64512,
         "passive":true,"state":"Active","since":"2026-01-01T00:00:00Z","secondsInState":4000,
         "prefixesReceived":0,"prefixesAccepted":0,"prefixesAdvertised":0,"lastError":"hold timer expired",
         "capabilities":[],"establishedCount":0}
        """

    @Test("peers: one aligned row per peer with type, AS, state, counts and last error")
    func peers() throws {
        let peers = try Self.decode("[\(Self.peer),\(Self.passivePeer)]", as: [PeerStatus].self)
        let lines = ControlText.peers(peers).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("NAME              PEER ADDRESS          TYPE    AS     STATE             SINCE"))
        #expect(lines[1].contains("192.0.2.1 ") && lines[1].contains("global  65000  Established"))
        #expect(lines[1].contains("(2m05s)") && lines[1].hasSuffix("3/2/1"))
        #expect(lines[2].contains("192.0.2.12 port 1790") && lines[2].contains("mesh    64512  Active (passive)"))
        #expect(lines[2].contains("(1h06m)") && lines[2].hasSuffix("0/0/0         hold timer expired"))
        // Columns line up: STATE starts at the same offset in every line.
        func offset(_ line: String, _ word: String) -> Int? {
            line.range(of: word).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
        }
        #expect(offset(lines[0], "STATE") == offset(lines[1], "Established"))
        #expect(offset(lines[0], "STATE") == offset(lines[2], "Active"))
        #expect(ControlText.peers([]) == "no peers configured\n")
    }

    @Test("routes: the prefix once, best and multipath marked, local routes, communities")
    func routes() throws {
        let json = """
            [{"prefix":"100.64.2.0/26","best":true,"multipath":true,"nextHop":"192.0.2.12","asPath":"64602","origin":"IGP",
              "communities":["64512:100"],"largeCommunities":["64512:1:2"],"clusterList":[],"fromPeer":"192.0.2.12","fromPeerName":"Mesh_192_0_2_12"},
             {"prefix":"100.64.2.0/26","best":false,"multipath":true,"nextHop":"192.0.2.13","asPath":"64603 64602","origin":"IGP",
              "communities":[],"largeCommunities":[],"clusterList":[],"fromPeer":"192.0.2.13","fromPeerName":"Mesh_192_0_2_13"},
             {"prefix":"100.64.1.0/26","best":true,"multipath":false,"asPath":"","origin":"IGP",
              "communities":[],"largeCommunities":[],"clusterList":[],"fromPeer":"local","fromPeerName":"local"}]
            """
        let text = ControlText.routes(try Self.decode(json, as: [RouteStatus].self))
        #expect(text == """
            PREFIX            NEXT HOP    AS PATH      FROM                          COMMUNITIES
            100.64.2.0/26  *  192.0.2.12  64602        192.0.2.12 (Mesh_192_0_2_12)  64512:100 64512:1:2
                           +  192.0.2.13  64603 64602  192.0.2.13 (Mesh_192_0_2_13)
            100.64.1.0/26  *  -           -            local

            """)
        #expect(ControlText.routes([]) == "no routes\n")
    }

    @Test("status lines and reload outcomes")
    func statusAndReload() throws {
        let status = try Self.decode("""
            {"routerID":"192.0.2.11","localAS":64512,"clusterID":"192.0.2.250","listenPort":179,"listenAddresses":[],
             "uptime":90061,"peersByState":{"Established":2,"Active":1},"establishedPeers":2,"totalPeers":3,
             "refusedConnections":2,"refusedByAddress":{"198.51.100.7":2},"ipv4Prefixes":4,"ipv6Prefixes":1,
             "lastErrors":["192.0.2.13: hold timer expired"]}
            """, as: SpeakerStatus.self)
        let text = ControlText.status(status)
        #expect(text.contains("cluster ID     192.0.2.250 (route reflector)\n"))
        #expect(text.contains("listening      port 179 on any\n"))
        #expect(text.contains("uptime         1d01h\n"))
        #expect(text.contains("peers          2/3 established (1 Active, 2 Established)\n"))
        #expect(text.contains("refused        2 connection(s) from unconfigured addresses: 198.51.100.7 ×2\n"))
        #expect(text.hasSuffix("last errors\n  192.0.2.13: hold timer expired\n"))
        #expect(ControlText.reload(ReloadResult(applied: true)) == "applied: no change\n")
        #expect(ControlText.reload(ReloadResult(applied: false, errors: ["a", "b"])) ==
                "refused, the running configuration is kept (2 error(s)):\n  a\n  b\n")
    }
}
