/// `EtcdKeyLayout`: where each resource lives in etcd — one key per resource,
/// `<prefix>projectcalico.org/<plural kind, lower case>/<name>`, the naming Calico uses under
/// `/calico/resources/v3/` — and reading a key back.
import CalicoModel

public struct EtcdKeyLayout: Hashable, Sendable {
    /// Ends with `/` (checked by `EtcdOptions.validated()`).
    public let prefix: String

    /// The API group part of every key (Calico's `projectcalico.org/<plural>/<name>`).
    public static let group = "projectcalico.org/"

    public init(prefix: String) { self.prefix = prefix }

    /// Calico's plural resource name (`bgppeers`, `blockaffinities`), as in its etcd keys and CLI.
    public static func plural(_ kind: ResourceKind) -> String {
        switch kind {
        case .bgpConfiguration: "bgpconfigurations"
        case .node: "nodes"
        case .bgpPeer: "bgppeers"
        case .ipPool: "ippools"
        case .blockAffinity: "blockaffinities"
        case .bgpFilter: "bgpfilters"
        }
    }

    /// The kind named `text` in any of the usual spellings: `BGPPeer`, `bgppeer`, `bgppeers`.
    public static func kind(named text: String) -> ResourceKind? {
        let t = text.lowercased()
        return ResourceKind.allCases.first { $0.rawValue.lowercased() == t || plural($0) == t }
    }

    public func key(_ key: ResourceKey) -> String {
        prefix + EtcdKeyLayout.group + EtcdKeyLayout.plural(key.kind) + "/" + key.name
    }

    /// What a key under the prefix names.
    enum Parsed: Equatable {
        case resource(ResourceKey)
        /// `projectcalico.org/<plural>/<name>` of a kind Swiftlet does not read (Calico's
        /// `felixconfigurations`, `networkpolicies`, …): not ours to judge, ignored.
        case otherKind
        /// Anything else: reported as an error naming the key.
        case malformed(String)
    }

    func parse(_ key: String) -> Parsed {
        guard key.hasPrefix(prefix) else { return .malformed("not under the prefix \(prefix)") }
        let rest = key.dropFirst(prefix.count)
        guard rest.hasPrefix(EtcdKeyLayout.group) else {
            return .malformed("expected \(prefix)\(EtcdKeyLayout.group)<kind>/<name>")
        }
        let parts = rest.dropFirst(EtcdKeyLayout.group.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            return .malformed("expected \(prefix)\(EtcdKeyLayout.group)<kind>/<name>")
        }
        guard let kind = ResourceKind.allCases.first(where: { EtcdKeyLayout.plural($0) == parts[0] }) else { return .otherKind }
        return .resource(ResourceKey(kind: kind, name: String(parts[1])))
    }
}
