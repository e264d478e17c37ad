/// Canonical text of a node's desired configuration: identity, a peers table, blocks, pools.

extension DesiredNodeConfig {
    public var canonicalText: String {
        (identityLines + ["peers:"] + peers.map { "  " + $0.canonicalLine }
            + ["local blocks:"] + localBlocks.map { "  \($0)" }
            + ["prefix advertisements:"] + prefixAdvertisements.map { a in
                "  \(a.cidr) communities=\(a.communities.map(\.description).joined(separator: ","))"
            }
            + ["pools:"] + pools.map(\.canonicalLine)).joined(separator: "\n")
    }

    private var identityLines: [String] {
        ["node \(nodeName)",
         "router id \(routerID?.description ?? "(none: IPv6-only node)")",
         "as \(asNumber)",
         "listen port \(listenPort)" + (listenAddresses.isEmpty ? "" : " on \(listenAddresses.map(\.description).joined(separator: ","))"),
         "mesh \(meshEnabled ? "on" : "off")"]
            + (routeReflectorClusterID.map { ["route reflector cluster id \($0)"] } ?? [])
            + (holdTime.map { ["hold time \($0)"] } ?? [])
    }
}

extension DesiredNodeConfig.Pool {
    var canonicalLine: String {
        "  \(name) \(cidr) block /\(blockSize) ipip=\(ipipMode.rawValue) vxlan=\(vxlanMode.rawValue)"
            + (exported ? " exported" : " not-exported") + (disabled ? " disabled" : "")
            + (selectsThisNode ? "" : " not-this-node")
    }
}

extension PeerConfig {
    /// One row: name, neighbor, AS pair and every non-default parameter.
    public var canonicalLine: String {
        var parts = [name, "neighbor \(address)" + (port.map { " port \($0)" } ?? ""), "as \(remoteAS)", "local-as \(localAS)"]
        if passive { parts.append("passive") }
        if let sourceAddress { parts.append("source \(sourceAddress)") }
        parts.append(ttlSecurity.map { "ttl-security \($0)" } ?? "multihop")
        if let keepaliveTime { parts.append("keepalive \(keepaliveTime)") }
        if let holdTime { parts.append("hold \(holdTime)") }
        if let gracefulRestartTime { parts.append("restart \(gracefulRestartTime)") }
        if let password { parts.append("password-file \(password.path)") }
        if nextHop != .auto { parts.append("next-hop \(nextHop.rawValue)") }
        if routeReflectorClient, let routeReflectorClusterID { parts.append("rr-client cluster-id \(routeReflectorClusterID)") }
        if let numAllowedLocalAS { parts.append("allow-local-as \(numAllowedLocalAS)") }
        if !filters.isEmpty { parts.append("filters \(filters.joined(separator: ","))") }
        if let reachableBy { parts.append("reachable-by \(reachableBy)") }
        return parts.joined(separator: " ")
    }
}
