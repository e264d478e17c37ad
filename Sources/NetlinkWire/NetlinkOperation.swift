/// What a request asks of the kernel: add/change (RTM_NEW*) or remove (RTM_DEL*) an object.
/// Dumps and single gets have their own request builders.
public enum NetlinkOperation: Hashable, Sendable {
    case new
    case delete

    /// The default flags for each operation, as iproute2 sends them for `add` and `del`:
    /// NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE and NLM_F_ACK (NLM_F_REQUEST is always added).
    public var defaultFlags: NetlinkFlags {
        switch self {
        case .new: [.ack, .excl, .create]
        case .delete: [.ack]
        }
    }
}

extension NetlinkWriter {
    /// A dump request (NLM_F_REQUEST|NLM_F_DUMP) whose body is a zeroed family header of
    /// `headerLength` bytes with the family in its first byte (rtmsg, ifinfomsg, ifaddrmsg and
    /// ndmsg all start with the family), as rtnetlink(7) expects for RTM_GET* dumps.
    public mutating func dumpRequest(type: UInt16, family: UInt8, headerLength: Int, seq: UInt32) {
        message(type: type, flags: [.request, .dump], seq: seq) { w in
            w.write(family)
            w.write(contentsOf: repeatElement(0, count: headerLength - 1))
        }
    }
}

extension NetlinkFlags {
    /// `ip neigh replace`, `bridge fdb replace`, `ip route replace`: NLM_F_ACK|NLM_F_CREATE|
    /// NLM_F_REPLACE — create the object, or overwrite the one with the same key.
    public static let createOrReplace: NetlinkFlags = [.ack, .create, .replace]
    /// `bridge fdb append`: NLM_F_ACK|NLM_F_CREATE|NLM_F_APPEND — add one more destination for a
    /// MAC on a vxlan device (several VTEPs per MAC, as for flooding), keeping the others.
    public static let createOrAppend: NetlinkFlags = [.ack, .create, .append]
    /// `ip link set`: NLM_F_ACK only — change an existing object named by index.
    public static let change: NetlinkFlags = [.ack]
}
