/// Resolves a prefixAdvertisements community: a literal value, or a name from `spec.communities`.

enum CommunityNames {
    static func resolve(_ text: String, in config: BGPConfiguration) -> BGPCommunity? {
        BGPCommunity(text) ?? config.communities.first { $0.name == text }?.value
    }
}
