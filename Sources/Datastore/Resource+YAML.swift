/// Writing a resource back as a Calico v3 YAML document (`apiVersion`, `kind`, `metadata`,
/// `spec`), field names as Calico spells them; defaults are left out. `FileStore.put` checks
/// every document it writes by parsing it again and comparing.
import CalicoModel
import NetCore

extension Resource {
    /// The whole document, ending with a newline.
    var yamlText: String { yamlValue.text }

    /// The document as a tree (also written as JSON by `jsonText`).
    var yamlValue: YAMLValue {
        .map([
            ("apiVersion", .string(CalicoModel.apiVersion)),
            ("kind", .string(kind.rawValue)),
            ("metadata", metadata.yaml),
            ("spec", .map(specFields)),
        ])
    }

    private var specFields: [(String, YAMLValue)] {
        switch self {
        case .bgpConfiguration(let c): c.yamlFields
        case .node(let n): n.yamlFields
        case .bgpPeer(let p): p.yamlFields
        case .ipPool(let p): p.yamlFields
        case .blockAffinity(let b): b.yamlFields
        case .bgpFilter(let f): f.yamlFields
        }
    }
}

/// `(key, value)` when the value is present.
private func opt(_ key: String, _ value: YAMLValue?) -> [(String, YAMLValue)] {
    value.map { [(key, $0)] } ?? []
}

/// `(key, [values])` when the list is not empty.
private func list(_ key: String, _ values: [YAMLValue]) -> [(String, YAMLValue)] {
    values.isEmpty ? [] : [(key, .list(values))]
}

private func text<T: CustomStringConvertible>(_ v: T?) -> YAMLValue? { v.map { .string($0.description) } }
private func asn(_ a: ASN?) -> YAMLValue? { a.map { .number($0.rawValue) } }
private func secret(_ s: SecretKeyRef?) -> YAMLValue? {
    s.map { .map([("secretKeyRef", .map([("name", .string($0.name)), ("key", .string($0.key))]))]) }
}

extension ObjectMeta {
    fileprivate var yaml: YAMLValue {
        func sorted(_ d: [String: String]) -> YAMLValue { .map(d.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }) }
        return .map([("name", .string(name))] + (labels.isEmpty ? [] : [("labels", sorted(labels))])
            + (annotations.isEmpty ? [] : [("annotations", sorted(annotations))]))
    }
}

extension BGPConfiguration {
    fileprivate var yamlFields: [(String, YAMLValue)] {
        let cidrs = { (l: [IPPrefix]) in l.map { YAMLValue.map([("cidr", .string($0.description))]) } }
        var out = opt("asNumber", asn(asNumber)) + opt("nodeToNodeMeshEnabled", nodeToNodeMeshEnabled.map(YAMLValue.bool))
        out += opt("listenPort", listenPort.map(YAMLValue.number)) + opt("logSeverityScreen", text(logSeverityScreen))
        out += opt("bindMode", text(bindMode?.rawValue))
        out += list("communities", communities.map { .map([("name", .string($0.name)), ("value", .string($0.value.description))]) })
        out += list("prefixAdvertisements", prefixAdvertisements.map {
            .map([("cidr", .string($0.cidr.description))] + list("communities", $0.communities.map(YAMLValue.string)))
        })
        out += list("serviceClusterIPs", cidrs(serviceClusterIPs)) + list("serviceExternalIPs", cidrs(serviceExternalIPs))
        out += list("serviceLoadBalancerIPs", cidrs(serviceLoadBalancerIPs))
        out += opt("nodeMeshPassword", secret(nodeMeshPassword)) + opt("nodeMeshMaxRestartTime", text(nodeMeshMaxRestartTime))
        out += list("ignoredInterfaces", ignoredInterfaces.map(YAMLValue.string))
        out += opt("programClusterRoutes", text(programClusterRoutes))
        return out
    }
}

extension CalicoNode {
    fileprivate var yamlFields: [(String, YAMLValue)] {
        let bgpFields = bgp.map { b -> YAMLValue in
            .map(opt("ipv4Address", text(b.ipv4Address)) + opt("ipv6Address", text(b.ipv6Address))
                + opt("asNumber", asn(b.asNumber)) + opt("routeReflectorClusterID", text(b.routeReflectorClusterID))
                + opt("ipv4IPIPTunnelAddr", text(b.ipv4IPIPTunnelAddr)))
        }
        return opt("bgp", bgpFields) + opt("ipv4VXLANTunnelAddr", text(ipv4VXLANTunnelAddr))
            + opt("ipv6VXLANTunnelAddr", text(ipv6VXLANTunnelAddr)) + opt("vxlanTunnelMACAddr", text(vxlanTunnelMACAddr))
            + opt("vxlanTunnelMACAddrV6", text(vxlanTunnelMACAddrV6))
    }
}

extension BGPPeer {
    fileprivate var yamlFields: [(String, YAMLValue)] {
        var out = opt("node", text(node)) + opt("nodeSelector", text(nodeSelector?.source))
        out += opt("peerIP", text(peerIP)) + opt("peerSelector", text(peerSelector?.source))
        out += opt("asNumber", asn(asNumber)) + opt("localASNumber", asn(localASNumber))
        out += opt("keepaliveTime", text(keepaliveTime)) + opt("maxRestartTime", text(maxRestartTime))
        out += opt("password", secret(password))
        if sourceAddress != .useNodeIP { out.append(("sourceAddress", .string(sourceAddress.rawValue))) }
        out += opt("ttlSecurity", ttlSecurity.map(YAMLValue.number))
        out += opt("numAllowedLocalASNumbers", numAllowedLocalASNumbers.map(YAMLValue.number))
        out += list("filters", filters.map(YAMLValue.string)) + opt("reachableBy", text(reachableBy))
        out += opt("nextHopMode", text(nextHopMode?.rawValue))
        if keepOriginalNextHop { out.append(("keepOriginalNextHop", .bool(true))) }
        if reversePeering != .auto { out.append(("reversePeering", .string(reversePeering.rawValue))) }
        return out
    }
}

extension IPPool {
    fileprivate var yamlFields: [(String, YAMLValue)] {
        var out: [(String, YAMLValue)] = [("cidr", .string(cidr.description)), ("blockSize", .number(blockSize))]
        out += [("ipipMode", .string(ipipMode.rawValue)), ("vxlanMode", .string(vxlanMode.rawValue))]
        if natOutgoing { out.append(("natOutgoing", .bool(true))) }
        if disabled { out.append(("disabled", .bool(true))) }
        if disableBGPExport { out.append(("disableBGPExport", .bool(true))) }
        if nodeSelector != .all { out.append(("nodeSelector", .string(nodeSelector.source))) }
        out += list("allowedUses", allowedUses.map(YAMLValue.string)) + opt("assignmentMode", text(assignmentMode))
        return out
    }
}

extension BlockAffinity {
    fileprivate var yamlFields: [(String, YAMLValue)] {
        [("node", .string(node)), ("cidr", .string(cidr.description)), ("state", .string(state.rawValue)),
         ("deleted", .bool(deleted))] + opt("type", text(type))
    }
}

extension BGPFilter {
    fileprivate var yamlFields: [(String, YAMLValue)] {
        list("exportV4", exportV4.map(\.yaml)) + list("importV4", importV4.map(\.yaml))
            + list("exportV6", exportV6.map(\.yaml)) + list("importV6", importV6.map(\.yaml))
    }
}

extension BGPFilter.Rule {
    fileprivate var yaml: YAMLValue {
        let lengths = prefixLength.map { YAMLValue.map([("min", .number($0.lowerBound)), ("max", .number($0.upperBound))]) }
        return .map([("action", .string(action.rawValue))] + opt("matchOperator", text(matchOperator?.rawValue))
            + opt("cidr", text(cidr)) + opt("prefixLength", lengths) + opt("source", text(source?.rawValue))
            + opt("interface", text(interface)))
    }
}
