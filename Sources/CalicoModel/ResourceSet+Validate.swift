/// Cross-resource validation: BGPConfiguration names, duplicate peers, unknown filters,
/// BlockAffinity nodes, overlapping pools.

extension ResourceSet {
    /// Problems that involve more than one document.
    public func validate() -> [ConfigError] {
        configurationNames() + duplicatePeers() + unknownFilters() + overlappingPools() + unknownCommunities()
    }

    func error(_ key: ResourceKey, _ field: String, _ value: String, _ reason: String) -> ConfigError {
        let o = origins[key]
        return ConfigError(file: o?.file ?? "<input>", document: o?.document ?? 0, line: o?.line,
                           resource: key.description, field: field, value: value, reason: reason)
    }

    private func configurationNames() -> [ConfigError] {
        bgpConfigurations.compactMap { c in
            let name = c.metadata.name
            guard name != "default", c.nodeName?.isEmpty ?? true else { return nil }
            return error(Resource.bgpConfiguration(c).key, "metadata.name", name,
                         "a BGPConfiguration is named \"default\" or \"node.<node name>\"")
        }
    }

    /// Two BGPPeers with the same peer address (IP and port) for the same nodes.
    private func duplicatePeers() -> [ConfigError] {
        struct PeerKey: Hashable { var address: PeerAddress; var scope: String }
        var seen: [PeerKey: String] = [:]
        var errors: [ConfigError] = []
        for p in bgpPeers {
            guard let address = p.peerIP else { continue }
            let key = PeerKey(address: address, scope: p.scope)
            if let other = seen[key] {
                errors.append(error(Resource.bgpPeer(p).key, "spec.peerIP", address.description,
                                    "duplicate peer: BGPPeer \(other) already peers with \(address) for \(p.scope)"))
            } else {
                seen[key] = p.metadata.name
            }
        }
        return errors
    }

    private func unknownFilters() -> [ConfigError] {
        let names = Set(bgpFilters.map(\.metadata.name))
        return bgpPeers.flatMap { p in
            p.filters.enumerated().compactMap { i, f in
                names.contains(f) ? nil
                    : error(Resource.bgpPeer(p).key, "spec.filters[\(i)]", f, "no BGPFilter with this name")
            }
        }
    }

    private func overlappingPools() -> [ConfigError] {
        var errors: [ConfigError] = []
        for (i, a) in ipPools.enumerated() {
            for b in ipPools[(i + 1)...] where PrefixMath.contains(a.cidr, b.cidr) || PrefixMath.contains(b.cidr, a.cidr) {
                errors.append(error(Resource.ipPool(b).key, "spec.cidr", b.cidr.description,
                                    "overlaps IPPool \(a.metadata.name) (\(a.cidr))"))
            }
        }
        return errors
    }

    /// A prefixAdvertisements community that is neither a value nor a defined name.
    private func unknownCommunities() -> [ConfigError] {
        bgpConfigurations.flatMap { c in
            c.prefixAdvertisements.enumerated().flatMap { i, adv in
                adv.communities.enumerated().compactMap { j, text in
                    CommunityNames.resolve(text, in: c) != nil ? nil
                        : error(Resource.bgpConfiguration(c).key, "spec.prefixAdvertisements[\(i)].communities[\(j)]", text,
                                "neither a community value (aa:nn, a:b:c) nor a name from spec.communities")
                }
            }
        }
    }
}
