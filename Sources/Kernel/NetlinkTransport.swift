/// `NetlinkTransport`: the two things a route table needs from a NETLINK_ROUTE socket — send
/// one datagram, receive one — so reconciling can be tested against a fake kernel.
import Glibc
import Platform

public protocol NetlinkTransport: Sendable {
    /// Sends one datagram (a batch of requests) to the kernel.
    func send(_ datagram: [UInt8]) throws(RouteTableError)
    /// One datagram, or nil after `timeoutMilliseconds` without one. Throws `.overrun` when
    /// the kernel dropped messages for this socket (ENOBUFS).
    func receive(timeoutMilliseconds: Int32) throws(RouteTableError) -> [UInt8]?
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
