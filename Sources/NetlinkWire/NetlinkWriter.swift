/// Appends host-order (little-endian) integers, network-order fields and byte runs, and builds
/// the netlink envelope: message headers and attributes whose lengths are back-patched once the
/// content is written, padded with `Netlink.align`. Several messages may be written one after
/// another into one writer: that is a batch for one sendmsg.
public struct NetlinkWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public var count: Int { bytes.count }

    /// Empties the writer but keeps its buffer, so one writer serves batch after batch.
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    public mutating func write(_ v: UInt8) { bytes.append(v) }

    /// Host (little-endian) order.
    public mutating func write(_ v: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: v))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
    }

    /// Host (little-endian) order.
    public mutating func write(_ v: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: v))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v >> 16))
        bytes.append(UInt8(truncatingIfNeeded: v >> 24))
    }

    public mutating func write(_ v: Int32) { write(UInt32(bitPattern: v)) }

    /// Network (big-endian) order.
    public mutating func writeBigEndian(_ v: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v))
    }

    public mutating func write<S: Sequence>(contentsOf s: S) where S.Element == UInt8 {
        bytes.append(contentsOf: s)
    }

    /// Zero bytes up to the next 4-byte boundary (NLMSG_ALIGN / NLA_ALIGN).
    public mutating func pad() {
        let target = Netlink.align(bytes.count)
        if target > bytes.count { bytes.append(contentsOf: repeatElement(0, count: target - bytes.count)) }
    }

    // MARK: messages

    /// Writes one message: nlmsghdr, then `body`, then patches nlmsg_len and pads.
    /// NLM_F_REQUEST is added by the caller's flags; requests built by this module always set it.
    public mutating func message(
        type: UInt16, flags: NetlinkFlags, seq: UInt32, pid: UInt32 = 0,
        _ body: (inout NetlinkWriter) -> Void
    ) {
        pad()
        let start = bytes.count
        write(UInt32(0))  // nlmsg_len, patched below
        write(type)
        write(flags.rawValue)
        write(seq)
        write(pid)
        body(&self)
        patchUInt32(at: start, UInt32(truncatingIfNeeded: bytes.count - start))
        pad()
    }

    // MARK: attributes

    /// One attribute: nla_len (header + payload, unpadded), nla_type, payload, padding.
    /// nla_len is 16 bits: a payload over 65531 bytes cannot be expressed (no rtnetlink
    /// attribute this module writes comes close; the length would wrap, not trap).
    public mutating func attribute(_ type: UInt16, _ payload: (inout NetlinkWriter) -> Void) {
        pad()
        let start = bytes.count
        write(UInt16(0))
        write(type)
        payload(&self)
        patchUInt16(at: start, UInt16(truncatingIfNeeded: bytes.count - start))
        pad()
    }

    public mutating func attribute(_ type: UInt16, bytes payload: some Sequence<UInt8>) {
        attribute(type) { $0.write(contentsOf: payload) }
    }

    public mutating func attribute(_ type: UInt16, uint8 v: UInt8) { attribute(type) { $0.write(v) } }
    public mutating func attribute(_ type: UInt16, uint16 v: UInt16) { attribute(type) { $0.write(v) } }
    public mutating func attribute(_ type: UInt16, uint32 v: UInt32) { attribute(type) { $0.write(v) } }
    public mutating func attribute(_ type: UInt16, uint16BigEndian v: UInt16) {
        attribute(type) { $0.writeBigEndian(v) }
    }

    /// A string, NUL-terminated by default (IFLA_IFNAME). iproute2 sends IFLA_INFO_KIND
    /// without the NUL; the kernel copies either with nla_strscpy.
    public mutating func attribute(_ type: UInt16, string: String, nulTerminated: Bool = true) {
        attribute(type) { w in
            w.write(contentsOf: string.utf8)
            if nulTerminated { w.write(UInt8(0)) }
        }
    }

    /// A nested attribute. iproute2's addattr_nest does not set NLA_F_NESTED and the kernel's
    /// legacy rtnetlink policies accept either; pass `flagged: true` for policies that require it.
    public mutating func nested(_ type: UInt16, flagged: Bool = false, _ content: (inout NetlinkWriter) -> Void) {
        attribute(flagged ? type | NLA.nested : type, content)
    }

    // MARK: back-patching

    private mutating func patchUInt32(at offset: Int, _ v: UInt32) {
        bytes[offset] = UInt8(truncatingIfNeeded: v)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: v >> 8)
        bytes[offset + 2] = UInt8(truncatingIfNeeded: v >> 16)
        bytes[offset + 3] = UInt8(truncatingIfNeeded: v >> 24)
    }

    private mutating func patchUInt16(at offset: Int, _ v: UInt16) {
        bytes[offset] = UInt8(truncatingIfNeeded: v)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: v >> 8)
    }
}
