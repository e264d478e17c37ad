/// A network interface as a value (rtnetlink(7), RTM_NEWLINK): index, name, MTU, MAC, parent
/// link, operational state and, for tunnels, its kind and settings (IFLA_LINKINFO).
public struct Link: Hashable, Sendable {
    /// ifi_index; 0 in a create request.
    public var index: UInt32
    /// IFLA_IFNAME.
    public var name: String?
    /// IFLA_MTU.
    public var mtu: UInt32?
    /// IFLA_ADDRESS.
    public var address: LinkLayerAddress?
    /// IFLA_LINK: the parent or peer interface.
    public var parent: UInt32?
    /// IFLA_OPERSTATE (IF_OPER_*).
    public var operState: UInt8?
    /// ifi_flags (IFF_*); in a request only the bits in `change` are applied.
    public var flags: UInt32
    public var change: UInt32
    /// ifi_type (ARPHRD_*), from the kernel.
    public var deviceType: UInt16
    /// IFLA_LINKINFO.
    public var info: LinkInfo?
    /// IFLA_IFALIAS (`ip link set … alias TEXT`). The kernel ignores it in a create request,
    /// so it is set with a separate change; an empty string clears it.
    public var alias: String?

    public init(
        index: UInt32 = 0, name: String? = nil, mtu: UInt32? = nil, address: LinkLayerAddress? = nil,
        parent: UInt32? = nil, operState: UInt8? = nil, flags: UInt32 = 0, change: UInt32 = 0,
        deviceType: UInt16 = 0, info: LinkInfo? = nil, alias: String? = nil
    ) {
        self.index = index
        self.name = name
        self.mtu = mtu
        self.address = address
        self.parent = parent
        self.operState = operState
        self.flags = flags
        self.change = change
        self.deviceType = deviceType
        self.info = info
        self.alias = alias
    }

    /// IFF_UP in ifi_flags.
    public var isUp: Bool { flags & IFF.up != 0 }

    /// Sets IFF_UP (or clears it) in a request: flags and change both name the bit.
    public mutating func setUp(_ up: Bool) {
        flags = up ? flags | IFF.up : flags & ~IFF.up
        change |= IFF.up
    }
}
