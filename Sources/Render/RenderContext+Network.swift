/// The address objects of the render context: IP pools (export, encapsulation), prefix
/// advertisements with their communities, and the other nodes of the cluster.
import CalicoModel
import NetCore

extension RenderContext {
    static func pool(_ p: DesiredNodeConfig.Pool) -> ContextObject {
        var o = prefix(p.cidr)
        o["name"] = p.name
        o["blockSize"] = Int(p.blockSize)
        o["ipipMode"] = p.ipipMode.rawValue
        o["vxlanMode"] = p.vxlanMode.rawValue
        o["ipip"] = p.ipipMode != .never
        o["ipipAlways"] = p.ipipMode == .always
        o["ipipCrossSubnet"] = p.ipipMode == .crossSubnet
        o["vxlan"] = p.vxlanMode != .never
        o["vxlanAlways"] = p.vxlanMode == .always
        o["vxlanCrossSubnet"] = p.vxlanMode == .crossSubnet
        o["encapsulated"] = p.ipipMode != .never || p.vxlanMode != .never
        o["natOutgoing"] = p.natOutgoing
        o["disabled"] = p.disabled
        o["exported"] = p.exported
        // An enabled pool with disableBGPExport: routes inside it must never leave the node.
        o["bgpExportDisabled"] = !p.disabled && !p.exported
        o["selectsThisNode"] = p.selectsThisNode
        return o
    }

    static func advertisement(_ a: DesiredNodeConfig.PrefixAdvertisement) -> ContextObject {
        var o = prefix(a.cidr)
        let all = a.communities.map(community)
        o.list("communities", all)
        o.list("standardCommunities", all.filter { $0["standard"] as? Bool == true })
        o.list("largeCommunities", all.filter { $0["large"] as? Bool == true })
        return o
    }

    /// `{value, standard, large}` plus the parts: `high`/`low` of an RFC 1997 community, or
    /// `global`/`local1`/`local2` of an RFC 8092 large community.
    static func community(_ c: BGPCommunity) -> ContextObject {
        switch c {
        case .standard(let high, let low):
            ["value": c.description, "standard": true, "large": false, "high": Int(high), "low": Int(low)]
        case .large(let global, let local1, let local2):
            ["value": c.description, "standard": false, "large": true,
             "global": Int(global), "local1": Int(local1), "local2": Int(local2)]
        }
    }

    static func remoteNode(_ n: DesiredNodeConfig.RemoteNode) -> ContextObject {
        var o: ContextObject = ["name": n.name]
        o.optional("ipv4Address", n.ipv4Address?.description, flag: "hasIPv4")
        o.optional("ipv6Address", n.ipv6Address?.description, flag: "hasIPv6")
        o.optional("ipv4IPIPTunnelAddr", n.ipv4IPIPTunnelAddr?.description, flag: "hasIPv4IPIPTunnelAddr")
        o.optional("ipv4VXLANTunnelAddr", n.ipv4VXLANTunnelAddr?.description, flag: "hasIPv4VXLANTunnelAddr")
        o.optional("vxlanTunnelMACAddr", n.vxlanTunnelMACAddr, flag: "hasVXLANTunnelMACAddr")
        return o
    }
}
