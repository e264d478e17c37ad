/// The Templater's core: all resources + a node name → that node's desired configuration.

import NetCore

extension DesiredNodeConfig {
    /// Computes `nodeName`'s configuration. Passwords resolve to `<secretsDirectory>/<name>/<key>`.
    /// A node without a BGP address of a family gets no peers of that family (Calico: "IPv4
    /// disabled on this node").
    public static func compute(resources: ResourceSet, nodeName: String,
                               secretsDirectory: String = "/etc/swiftlet/secrets") throws(NodeConfigError) -> DesiredNodeConfig {
        guard let node = resources.node(named: nodeName) else { throw .unknownNode(nodeName) }
        let view = ClusterView(resources)
        let builder = PeerBuilder(view: view, node: node, secretsDirectory: secretsDirectory)
        let peers = allPeers(builder, ExplicitPeerings(view: view, node: node))
        let pools = poolConfigs(resources, node)
        return DesiredNodeConfig(
            nodeName: nodeName,
            routerID: node.bgp?.ipv4Address.flatMap { if case .v4(let a) = $0.address { RouterID(a) } else { nil } },
            asNumber: view.asNumber(of: node),
            listenPort: view.listenPort(of: node) ?? CalicoModel.defaultListenPort,
            listenAddresses: view.defaults?.bindMode == .nodeIP
                ? [node.address(.ipv4), node.address(.ipv6)].compactMap { $0 } : [],
            ipv4Address: node.bgp?.ipv4Address,
            ipv6Address: node.bgp?.ipv6Address,
            routeReflectorClusterID: node.bgp?.routeReflectorClusterID,
            meshEnabled: view.defaults?.nodeToNodeMeshEnabled ?? true,
            holdTime: view.defaults?.holdTime,
            logSeverity: resources.nodeConfiguration(nodeName)?.logSeverityScreen ?? view.defaults?.logSeverityScreen,
            ignoredInterfaces: view.defaults?.ignoredInterfaces ?? [],
            peers: peers,
            filters: referencedFilters(resources, peers),
            localBlocks: localBlocks(resources, nodeName, pools),
            prefixAdvertisements: advertisements(resources, nodeName, pools),
            pools: pools,
            remoteNodes: remoteNodes(resources, nodeName))
    }

    private static func allPeers(_ b: PeerBuilder, _ e: ExplicitPeerings) -> [PeerConfig] {
        var peers: [PeerConfig] = []
        for afi in [AFI.ipv4, .ipv6] {
            peers += b.mesh(afi)
            peers += e.global.values.compactMap { b.explicit($0, .global, afi) }
            peers += e.nodeSpecific.values.compactMap { b.explicit($0, .node, afi) }
        }
        return peers.sorted { ($0.address.afi, $0.name) < ($1.address.afi, $1.name) }
    }

    private static func referencedFilters(_ r: ResourceSet, _ peers: [PeerConfig]) -> [String: BGPFilter] {
        var out: [String: BGPFilter] = [:]
        for name in Set(peers.flatMap(\.filters)) { out[name] = r.filter(named: name) }
        return out
    }

    private static func poolConfigs(_ r: ResourceSet, _ node: CalicoNode) -> [Pool] {
        r.ipPools.map { p in
            Pool(name: p.metadata.name, cidr: p.cidr, blockSize: p.blockSize, ipipMode: p.ipipMode,
                 vxlanMode: p.vxlanMode, natOutgoing: p.natOutgoing, disabled: p.disabled,
                 exported: !p.disabled && !p.disableBGPExport, selectsThisNode: p.nodeSelector.matches(node.labels))
        }
    }

    /// Routes are exported only inside an enabled pool without disableBGPExport.
    static func isExportable(_ prefix: IPPrefix, _ pools: [Pool]) -> Bool {
        pools.contains { $0.exported && PrefixMath.contains($0.cidr, prefix) }
    }

    private static func localBlocks(_ r: ResourceSet, _ nodeName: String, _ pools: [Pool]) -> [IPPrefix] {
        let blocks = r.blockAffinities.filter {
            $0.node == nodeName && $0.state == .confirmed && !$0.deleted && ($0.type ?? "host") == "host"
        }
        return Set(blocks.map(\.cidr).filter { isExportable($0, pools) }).sorted()
    }

    /// The node's own prefixAdvertisements if it has a `node.<name>` configuration with some,
    /// else the default's; community names resolved against the same resource.
    private static func advertisements(_ r: ResourceSet, _ nodeName: String, _ pools: [Pool]) -> [PrefixAdvertisement] {
        let nodeConfig = r.nodeConfiguration(nodeName)
        guard let config = (nodeConfig?.prefixAdvertisements.isEmpty == false ? nodeConfig : nil) ?? r.defaultConfiguration
        else { return [] }
        return config.prefixAdvertisements.map { adv in
            var communities: [BGPCommunity] = []
            for c in adv.communities.compactMap({ CommunityNames.resolve($0, in: config) }) where !communities.contains(c) {
                communities.append(c)
            }
            return PrefixAdvertisement(cidr: adv.cidr, communities: communities)
        }
    }

    private static func remoteNodes(_ r: ResourceSet, _ nodeName: String) -> [RemoteNode] {
        r.nodes.filter { $0.name != nodeName }.map { n in
            RemoteNode(name: n.name, ipv4Address: n.address(.ipv4), ipv6Address: n.address(.ipv6),
                       ipv4IPIPTunnelAddr: n.bgp?.ipv4IPIPTunnelAddr, ipv4VXLANTunnelAddr: n.ipv4VXLANTunnelAddr,
                       vxlanTunnelMACAddr: n.vxlanTunnelMACAddr)
        }
    }
}
