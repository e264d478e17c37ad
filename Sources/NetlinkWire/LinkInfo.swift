/// IFLA_LINKINFO (<linux/if_link.h>): the link's kind (IFLA_INFO_KIND) and its kind-specific
/// data (IFLA_INFO_DATA). vxlan and ipip are modelled; other kinds keep only their name.
public enum LinkInfo: Hashable, Sendable {
    case vxlan(VXLANInfo)
    case ipip(IPIPInfo)
    /// Any other kind ("veth", "bridge"…); its IFLA_INFO_DATA is skipped.
    case other(kind: String)

    public var kind: String {
        switch self {
        case .vxlan: "vxlan"
        case .ipip: "ipip"
        case .other(let kind): kind
        }
    }

    func encode(into w: inout NetlinkWriter) {
        w.nested(IFLA.linkinfo) { w in
            w.attribute(IFLAInfo.kind, string: kind, nulTerminated: false)  // as iproute2
            switch self {
            case .vxlan(let info): w.nested(IFLAInfo.data) { info.encode(into: &$0) }
            case .ipip(let info): w.nested(IFLAInfo.data) { info.encode(into: &$0) }
            case .other: break
            }
        }
    }

    init(_ attributes: [NetlinkAttribute]) throws(NetlinkDecodeError) {
        let kind = attributes.first(IFLAInfo.kind)?.string() ?? ""
        let data = try attributes.first(IFLAInfo.data)?.nested() ?? []
        switch kind {
        case "vxlan": self = .vxlan(try VXLANInfo(data))
        case "ipip": self = .ipip(try IPIPInfo(data))
        default: self = .other(kind: kind)
        }
    }
}
