/// `PrefixPolicy.FamilyRules` (BGPFilter rules reduced once per policy) must give the verdict
/// `BGPFilter.evaluate` gives for every route the policies ask about (no interface).
import CalicoModel
import NetCore
@testable import Speaker
import Testing

@Suite struct PrefixPolicyTests {
    static func rule(_ action: BGPFilter.Rule.Action, _ op: BGPFilter.Rule.MatchOperator? = nil, _ cidr: String? = nil,
                     remote: Bool = false, interface: String? = nil) -> BGPFilter.Rule {
        var r = BGPFilter.Rule(action: action)
        r.matchOperator = op
        r.cidr = cidr.flatMap { IPPrefix($0) }
        r.source = remote ? .remotePeers : nil
        r.interface = interface
        return r
    }

    static let ruleLists: [[BGPFilter.Rule]] = [
        [],
        [rule(.accept)],
        [rule(.reject)],
        [rule(.accept, interface: "eth*"), rule(.reject)],
        [rule(.reject, .isIn, "10.0.0.0/8"), rule(.accept)],
        [rule(.accept, remote: true), rule(.reject)],
        [rule(.accept, .notIn, "192.0.2.0/24"), rule(.reject, .equal, "192.0.2.0/24")],
        [rule(.accept, nil, "10.0.0.0/8"), rule(.reject, .isIn, "10.0.0.0/8")],
        [rule(.reject, .isIn, "10.0.0.0/8", interface: "cali*"), rule(.accept, .isIn, "10.1.0.0/16"), rule(.reject)],
    ]

    @Test(arguments: ruleLists)
    func reducedRulesGiveTheSameVerdict(_ rules: [BGPFilter.Rule]) throws {
        let reduced = PrefixPolicy.FamilyRules(rules)
        for text in ["10.1.2.0/24", "10.0.0.0/8", "192.0.2.0/24", "192.0.2.128/25", "198.51.100.0/24"] {
            let prefix = try #require(IPPrefix(text))
            for remote in [false, true] {
                #expect(reduced.evaluate(prefix, fromRemotePeer: remote)
                        == BGPFilter.evaluate(rules, prefix: prefix, fromRemotePeer: remote, interface: nil),
                        "\(text) remote \(remote)")
            }
        }
    }

    @Test func aLeadingRuleForEveryRouteDecidesAlone() {
        let reduced = PrefixPolicy.FamilyRules([Self.rule(.accept, interface: "eth0"), Self.rule(.accept), Self.rule(.reject)])
        #expect(reduced.always == .accept)
        #expect(reduced.rules.count == 1)
        #expect(PrefixPolicy.FamilyRules([Self.rule(.accept, remote: true)]).always == nil)
    }
}
