/// Canonical text of a ResourceSet: one line per resource with every field set, stable order.

extension ResourceSet {
    public var canonicalText: String {
        all.map(\.canonicalLine).joined(separator: "\n")
    }
}

extension Resource {
    /// `Kind/name field=value …`, only fields that differ from their defaults.
    public var canonicalLine: String {
        ([key.description] + labelFields + fields).joined(separator: " ")
    }

    private var labelFields: [String] {
        let m = metadata
        var out: [String] = []
        if !m.labels.isEmpty { out.append("labels={\(m.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))}") }
        return out
    }

    private var fields: [String] {
        switch self {
        case .bgpConfiguration(let c): c.canonicalFields
        case .node(let n): n.canonicalFields
        case .bgpPeer(let p): p.canonicalFields
        case .ipPool(let p): p.canonicalFields
        case .blockAffinity(let b): ["node=\(b.node)", "cidr=\(b.cidr)", "state=\(b.state.rawValue)"] + (b.deleted ? ["deleted"] : [])
        case .bgpFilter(let f): f.canonicalFields
        }
    }
}

/// `name=value` when the value is present.
func field<T>(_ name: String, _ value: T?) -> [String] {
    value.map { ["\(name)=\($0)"] } ?? []
}

extension BGPConfiguration {
    var canonicalFields: [String] {
        field("asNumber", asNumber) + field("nodeToNodeMeshEnabled", nodeToNodeMeshEnabled)
            + field("listenPort", listenPort) + field("logSeverityScreen", logSeverityScreen)
            + field("bindMode", bindMode?.rawValue) + field("holdTime", holdTime.map { "\($0)s" })
            + communities.map { "community:\($0.name)=\($0.value)" }
            + prefixAdvertisements.map { "advertise=\($0.cidr)[\($0.communities.joined(separator: ","))]" }
            + serviceClusterIPs.map { "serviceClusterIP=\($0)" } + serviceExternalIPs.map { "serviceExternalIP=\($0)" }
            + serviceLoadBalancerIPs.map { "serviceLoadBalancerIP=\($0)" }
            + field("nodeMeshPassword", nodeMeshPassword) + field("nodeMeshMaxRestartTime", nodeMeshMaxRestartTime)
            + ignoredInterfaces.map { "ignoredInterface=\($0)" } + field("programClusterRoutes", programClusterRoutes)
    }
}

extension CalicoNode {
    var canonicalFields: [String] {
        field("ipv4Address", bgp?.ipv4Address) + field("ipv6Address", bgp?.ipv6Address)
            + field("asNumber", bgp?.asNumber) + field("routeReflectorClusterID", bgp?.routeReflectorClusterID)
            + field("ipv4IPIPTunnelAddr", bgp?.ipv4IPIPTunnelAddr) + field("ipv4VXLANTunnelAddr", ipv4VXLANTunnelAddr)
            + field("ipv6VXLANTunnelAddr", ipv6VXLANTunnelAddr) + field("vxlanTunnelMACAddr", vxlanTunnelMACAddr)
    }
}

extension BGPPeer {
    var canonicalFields: [String] {
        var out = ["scope=\(scope)"] + field("peerIP", peerIP) + field("peerSelector", peerSelector)
        out += field("asNumber", asNumber) + field("localASNumber", localASNumber)
        out += field("keepaliveTime", keepaliveTime) + field("maxRestartTime", maxRestartTime)
        out += field("holdTime", holdTime.map { "\($0)s" }) + field("password", password)
        if sourceAddress != .useNodeIP { out.append("sourceAddress=\(sourceAddress.rawValue)") }
        out += field("ttlSecurity", ttlSecurity) + field("numAllowedLocalASNumbers", numAllowedLocalASNumbers)
        out += filters.isEmpty ? [] : ["filters=\(filters.joined(separator: ","))"]
        out += field("reachableBy", reachableBy) + field("nextHopMode", nextHopMode?.rawValue)
        if keepOriginalNextHop { out.append("keepOriginalNextHop") }
        if reversePeering != .auto { out.append("reversePeering=\(reversePeering.rawValue)") }
        return out
    }
}

extension IPPool {
    var canonicalFields: [String] {
        var out = ["cidr=\(cidr)", "blockSize=\(blockSize)", "ipipMode=\(ipipMode.rawValue)", "vxlanMode=\(vxlanMode.rawValue)"]
        if natOutgoing { out.append("natOutgoing") }
        if disabled { out.append("disabled") }
        if disableBGPExport { out.append("disableBGPExport") }
        if nodeSelector.expression != .all { out.append("nodeSelector=\(nodeSelector)") }
        return out
    }
}

extension BGPFilter {
    var canonicalFields: [String] {
        [("exportV4", exportV4), ("importV4", importV4), ("exportV6", exportV6), ("importV6", importV6)]
            .filter { !$0.1.isEmpty }
            .map { "\($0.0)=[\($0.1.map(\.canonicalText).joined(separator: "; "))]" }
    }
}

extension BGPFilter.Rule {
    var canonicalText: String {
        var parts = [action.rawValue]
        if let cidr, let matchOperator { parts.append("\(matchOperator.rawValue) \(cidr)") }
        if let prefixLength { parts.append("len \(prefixLength.lowerBound)-\(prefixLength.upperBound)") }
        if let source { parts.append("source \(source.rawValue)") }
        if let interface { parts.append("interface \(interface)") }
        return parts.joined(separator: " ")
    }
}
