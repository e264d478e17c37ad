/// `DeviceNetlink`: one request at a time over a `NetlinkTransport`, for the tunnel devices —
/// dumps (links, addresses, neighbours; repeated while interrupted) and single writes each
/// answered by its own ACK or error. Device changes are few, so no batching here (routes have
/// `NetlinkChannel` for that).
import NetlinkWire

struct DeviceNetlink: Sendable {
    let transport: any NetlinkTransport
    let timeoutMilliseconds: Int32
    private var nextSequence: UInt32 = 1

    init(transport: any NetlinkTransport, timeoutMilliseconds: Int32) {
        self.transport = transport
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    private mutating func sequence() -> UInt32 {
        defer { nextSequence = nextSequence == .max ? 1 : nextSequence + 1 }
        return nextSequence
    }

    // MARK: dumps

    mutating func links() throws(RouteTableError) -> [Link] {
        try decode(dump { Link.dumpRequest(seq: $0) }, RTM.newLink) { m throws(NetlinkDecodeError) in try Link(m) }
    }

    mutating func addresses(family: UInt8) throws(RouteTableError) -> [InterfaceAddress] {
        try decode(dump { InterfaceAddress.dumpRequest(family: family, seq: $0) }, RTM.newAddress) { m throws(NetlinkDecodeError) in
            try InterfaceAddress(m)
        }
    }

    /// ARP entries (AF_INET) or, with AF_BRIDGE, the FDB of every bridge port and vxlan device.
    mutating func neighbours(family: UInt8) throws(RouteTableError) -> [Neighbour] {
        try decode(dump { Neighbour.dumpRequest(family: family, seq: $0) }, RTM.newNeighbour) { m throws(NetlinkDecodeError) in
            try Neighbour(m)
        }
    }

    private func decode<T>(_ messages: [NetlinkMessage], _ type: UInt16,
                           _ make: (NetlinkMessage) throws(NetlinkDecodeError) -> T) throws(RouteTableError) -> [T] {
        var out: [T] = []
        for m in messages where m.type == type {
            do { out.append(try make(m)) } catch .unsupportedFamily { continue } catch { throw .decode(error) }
        }
        return out
    }

    private mutating func dump(_ request: (UInt32) -> [UInt8]) throws(RouteTableError) -> [NetlinkMessage] {
        try transport.dump(timeoutMilliseconds: timeoutMilliseconds, sequence: { sequence() }, request)
    }

    // MARK: writes

    /// Sends one request (NLM_F_ACK is always set) and waits for its answer: nil for the ACK,
    /// the kernel's error otherwise.
    mutating func write(_ object: some NetlinkRequest, _ operation: NetlinkOperation,
                        flags: NetlinkFlags? = nil) throws(RouteTableError) -> NetlinkErrorReply? {
        let seq = sequence()
        var f = flags ?? operation.defaultFlags
        f.insert(.ack)
        try transport.send(object.encode(operation, flags: f, seq: seq))
        while true {
            guard let datagram = try transport.receive(timeoutMilliseconds: timeoutMilliseconds) else {
                throw .timeout("ACK for seq \(seq)")
            }
            let messages: [NetlinkMessage]
            do { messages = try NetlinkMessage.split(datagram) } catch { throw .decode(error) }
            for m in messages where m.type == NLMSG.error && m.sequence == seq {
                let reply: NetlinkErrorReply
                do { reply = try NetlinkErrorReply(m) } catch { throw .decode(error) }
                return reply.isAck ? nil : reply
            }
        }
    }
}
