/// `NetlinkTransport`: the two things a route table needs from a NETLINK_ROUTE socket — send
/// one datagram, receive one — so reconciling can be tested against a fake kernel.
import Glibc
import NetlinkWire
import Platform

public protocol NetlinkTransport: Sendable {
    /// Sends one datagram (a batch of requests) to the kernel.
    func send(_ datagram: [UInt8]) throws(RouteTableError)
    /// One datagram, or nil after `timeoutMilliseconds` without one. Throws `.overrun` when
    /// the kernel dropped messages for this socket (ENOBUFS).
    func receive(timeoutMilliseconds: Int32) throws(RouteTableError) -> [UInt8]?
}

extension NetlinkTransport {
    /// One dump: `request(seq)` sent, every answer collected until NLMSG_DONE; repeated (up to
    /// three times, each with a new sequence number) while the kernel reports the dump
    /// interrupted (NLM_F_DUMP_INTR: the table changed while it was being read).
    func dump(timeoutMilliseconds: Int32, sequence: () -> UInt32,
              _ request: (UInt32) -> [UInt8]) throws(RouteTableError) -> [NetlinkMessage] {
        var attempt = 0
        while true {
            attempt += 1
            let seq = sequence()
            try send(request(seq))
            var d = NetlinkDump(sequence: seq)
            while !d.isComplete {
                guard let datagram = try receive(timeoutMilliseconds: timeoutMilliseconds) else {
                    throw .timeout("dump seq \(seq)")
                }
                do { try d.receive(datagram) } catch { throw .decode(error) }
            }
            if let failure = d.failure { throw .dumpFailed(errno: failure.errno, message: failure.message) }
            if !d.interrupted || attempt >= 3 { return d.messages }
        }
    }
}

/// A real NETLINK_ROUTE socket, set up for route programming: extended ACKs on, strict dump
/// checking on, a large receive buffer. Opened in the calling thread's network namespace.
public struct RouteSocketTransport: NetlinkTransport {
    public let socket: NetlinkSocket

    public init(receiveBufferBytes: Int32 = 8 << 20) throws(RouteTableError) {
        do {
            socket = try NetlinkSocket(protocol: 0)  // NETLINK_ROUTE
            try socket.setOption(level: NetlinkSocket.solNetlink, name: 11, value: 1, "NETLINK_EXT_ACK")
            try socket.setOption(level: NetlinkSocket.solNetlink, name: 12, value: 1, "NETLINK_GET_STRICT_CHK")
            try socket.setReceiveBuffer(bytes: receiveBufferBytes)
        } catch {
            throw Self.map(error)
        }
    }

    public func send(_ datagram: [UInt8]) throws(RouteTableError) {
        do { try socket.send(datagram) } catch { throw Self.map(error) }
    }

    public func receive(timeoutMilliseconds: Int32) throws(RouteTableError) -> [UInt8]? {
        do { return try socket.receive(timeoutMilliseconds: timeoutMilliseconds) } catch { throw Self.map(error) }
    }

    static func map(_ error: SystemCallError) -> RouteTableError {
        if error.errno.rawValue == ENOBUFS { return .overrun }
        return .socket(call: error.call, errno: error.errno.rawValue, text: error.description)
    }
}
