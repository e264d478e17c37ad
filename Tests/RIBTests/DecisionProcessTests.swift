/// RFC 4271 §9.1.2.2 and RFC 4456 §9: each rule alone, the rules in order, and multipath.
import BGPWire
import NetCore
import Testing
@testable import RIB

@Suite struct DecisionRuleTests {
    /// (rule, winner, loser): the rule keeps the winner and removes the loser.
    static let cases: [(String, DecisionRule, DecisionPath, DecisionPath)] = [
        ("local origin", DecisionProcess.preferLocallyOriginated, path(peer: 0, localPref: 1), path(peer: 2, localPref: 500)),
        ("LOCAL_PREF", DecisionProcess.highestLocalPreference, path(peer: 1, localPref: 200), path(peer: 2, localPref: 100)),
        ("AS_PATH length", DecisionProcess.shortestASPath, path(peer: 1, asPath: [1, 2]), path(peer: 2, asPath: [1, 2, 3])),
        ("ORIGIN", DecisionProcess.lowestOrigin, path(peer: 1, origin: .egp), path(peer: 2, origin: .incomplete)),
        ("MED same AS", DecisionProcess.lowestMultiExitDisc, path(peer: 1, asPath: [7, 1], med: 5), path(peer: 2, asPath: [7, 2], med: 10)),
        ("missing MED is 0", DecisionProcess.lowestMultiExitDisc, path(peer: 1, asPath: [7]), path(peer: 2, asPath: [7], med: 1)),
        ("eBGP over iBGP", DecisionProcess.preferExternal, path(peer: 1, external: true), path(peer: 2, external: false)),
        ("router ID", DecisionProcess.lowestRouterID, path(peer: 1, routerID: "10.0.0.2"), path(peer: 2, routerID: "10.0.0.3")),
        ("ORIGINATOR_ID replaces router ID", DecisionProcess.lowestRouterID,
         path(peer: 1, routerID: "10.0.0.9", originatorID: "10.0.0.2"), path(peer: 2, routerID: "10.0.0.3")),
        ("CLUSTER_LIST", DecisionProcess.shortestClusterList, path(peer: 1, clusterList: [1]), path(peer: 2, clusterList: [1, 2])),
        ("peer address", DecisionProcess.lowestPeerAddress, path(peer: 1, address: "198.51.100.1"), path(peer: 2, address: "198.51.100.2")),
        ("path ID", DecisionProcess.lowestPathID, path(peer: 1, pathID: 1), path(peer: 1, pathID: 2)),
    ]

    @Test(arguments: 0..<cases.count)
    func ruleKeepsTheWinner(_ i: Int) {
        let (name, rule, winner, loser) = Self.cases[i]
        for order in [[winner, loser], [loser, winner]] {
            let kept = rule(order)
            #expect(kept.map(\.reference) == [winner.reference], "\(name)")
        }
    }

    @Test func MEDIsNotComparedAcrossNeighborASes() {
        let a = path(peer: 1, asPath: [7], med: 50)
        let b = path(peer: 2, asPath: [8], med: 10)
        #expect(DecisionProcess.lowestMultiExitDisc([a, b]).count == 2)
    }

    @Test func ASSetCountsOne() {
        var setPath = path(peer: 1)
        setPath.attributes.asPath = ASPath(segments: [ASPathSegment(type: .sequence, asns: [1]),
                                                       ASPathSegment(type: .set, asns: [2, 3, 4])])
        let seq = path(peer: 2, asPath: [1, 2, 3])
        #expect(DecisionProcess.shortestASPath([setPath, seq]).map(\.reference) == [setPath.reference])
    }

    @Test func tiesKeepEveryPath() {
        let a = path(peer: 1), b = path(peer: 2)
        #expect(DecisionProcess.highestLocalPreference([a, b]).count == 2)
        #expect(DecisionProcess.shortestASPath([a, b]).count == 2)
    }
}

@Suite struct DecisionOrderTests {
    /// Each earlier rule beats every later one.
    @Test func earlierRulesWin() {
        let cases: [(String, DecisionPath, DecisionPath)] = [
            ("LOCAL_PREF before AS_PATH", path(peer: 1, localPref: 200, asPath: [1, 2, 3, 4]), path(peer: 2, asPath: [1])),
            ("AS_PATH before ORIGIN", path(peer: 1, asPath: [1], origin: .incomplete), path(peer: 2, asPath: [1, 2])),
            ("ORIGIN before MED", path(peer: 1, asPath: [7], origin: .igp, med: 100), path(peer: 2, asPath: [7], origin: .egp, med: 0)),
            ("MED before eBGP", path(peer: 1, asPath: [7], med: 1, external: false), path(peer: 2, asPath: [7], med: 9, external: true)),
            ("eBGP before router ID", path(peer: 1, external: true, routerID: "10.0.0.9"), path(peer: 2, external: false, routerID: "10.0.0.2")),
            ("router ID before CLUSTER_LIST", path(peer: 1, routerID: "10.0.0.2", clusterList: [1, 2, 3]), path(peer: 2, routerID: "10.0.0.3")),
            ("CLUSTER_LIST before address", path(peer: 1, clusterList: [], address: "198.51.100.9"), path(peer: 2, clusterList: [1], address: "198.51.100.1")),
        ]
        for (name, winner, loser) in cases {
            #expect(DecisionProcess.select([loser, winner]).best.reference == winner.reference, "\(name)")
            #expect(DecisionProcess.select([winner, loser]).best.reference == winner.reference, "\(name)")
        }
    }

    @Test func multipathKeepsPathsEqualUpToRouterID() {
        let a = path(peer: 1, asPath: [65001, 9], routerID: "10.0.0.3", address: "198.51.100.3")
        let b = path(peer: 2, asPath: [65001, 8], routerID: "10.0.0.2", address: "198.51.100.2")
        let worse = path(peer: 3, asPath: [65001, 1, 2])
        let selection = DecisionProcess.select([a, b, worse], maximumPaths: 8)
        #expect(selection.best.reference == b.reference)
        #expect(selection.multipath.map(\.reference) == [b.reference, a.reference])
    }

    @Test func multipathNeedsTheSameNeighborASUnlessRelaxed() {
        let a = path(peer: 1, asPath: [65001], routerID: "10.0.0.2")
        let b = path(peer: 2, asPath: [65002], routerID: "10.0.0.3")
        #expect(DecisionProcess.select([a, b], maximumPaths: 8).multipath.count == 1)
        #expect(DecisionProcess.select([a, b], maximumPaths: 8, relaxNeighborAS: true).multipath.count == 2)
    }

    @Test func multipathIsLimitedAndOffWithOnePath() {
        let paths = (1...5).map { path(peer: UInt32($0), routerID: "10.0.0.\($0 + 1)", address: "198.51.100.\($0)") }
        #expect(DecisionProcess.select(paths, maximumPaths: 3).multipath.count == 3)
        #expect(DecisionProcess.select(paths, maximumPaths: 1).multipath.count == 1)
    }

    @Test func iBGPMultipathAcrossNeighborASes() {
        let a = path(peer: 1, asPath: [], external: false, routerID: "10.0.0.2")
        let b = path(peer: 2, asPath: [], external: false, routerID: "10.0.0.3")
        #expect(DecisionProcess.select([a, b], maximumPaths: 8).multipath.count == 2)
    }
}
