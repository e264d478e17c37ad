/// `NetlinkSocket`: one AF_NETLINK datagram socket (netlink(7)), owned and closed once: bind
/// with a kernel-chosen port id and multicast groups, SOL_NETLINK options, send a batch, and
/// receive one datagram with a timeout. Knows nothing about message formats (NetlinkWire does).
/// The socket belongs to the network namespace of the thread that created it, for its whole life.
import Glibc
import Synchronization

public final class NetlinkSocket: Sendable {
    private let descriptor: Atomic<Int32>
    /// Receive buffer: the largest datagram the kernel sends for a dump part is about 32 KiB.
    private static let datagramCapacity = 1 << 17

    /// SOL_NETLINK (<linux/socket.h>); Glibc does not export it.
    public static let solNetlink: Int32 = 270
    /// AF_NETLINK.
    public static let family: Int32 = 16

    /// socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, `protocol`) bound to a kernel-chosen port id
    /// with the multicast `groups` bit mask (0: requests and replies only).
    public init(protocol netlinkProtocol: Int32, groups: UInt32 = 0) throws(SystemCallError) {
        let type = Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = try SystemCall.run("socket(AF_NETLINK)") { Glibc.socket(Self.family, type, netlinkProtocol) }
        descriptor = Atomic(fd)
        do {
            try Self.bind(fd, groups: groups)
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    public var fileDescriptor: Int32 { descriptor.load(ordering: .acquiring) }

    public func close() {
        let fd = descriptor.exchange(-1, ordering: .acquiringAndReleasing)
        if fd >= 0 { _ = Glibc.close(fd) }
    }

    /// struct sockaddr_nl { u16 nl_family; u16 nl_pad; u32 nl_pid; u32 nl_groups } written as
    /// bytes (Glibc does not import the struct); nl_pid 0 lets the kernel choose the port id.
    private static func bind(_ fd: Int32, groups: UInt32) throws(SystemCallError) {
        var address = [UInt8](repeating: 0, count: 12)
        address[0] = UInt8(truncatingIfNeeded: family)
        for i in 0..<4 { address[8 + i] = UInt8(truncatingIfNeeded: groups >> (8 * UInt32(i))) }
        let result = address.withUnsafeBytes { raw -> Int32 in
            // 12 bytes, the size and layout of sockaddr_nl; bind reads them as raw memory.
            guard let base = raw.baseAddress else { return -1 }
            return Glibc.bind(fd, base.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if result != 0 { throw SystemCallError("bind(AF_NETLINK)", Errno.current) }
    }

    /// setsockopt(level, name, int value).
    public func setOption(level: Int32, name: Int32, value: Int32, _ what: String) throws(SystemCallError) {
        var v = value
        let fd = fileDescriptor
        _ = try SystemCall.run("setsockopt(\(what))") {
            Glibc.setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// SO_RCVBUF (the kernel doubles it); SO_RCVBUFFORCE first when privileged, so a large
    /// dump or a burst of notifications does not overflow into ENOBUFS.
    public func setReceiveBuffer(bytes: Int32) throws(SystemCallError) {
        if (try? setOption(level: SOL_SOCKET, name: SO_RCVBUFFORCE, value: bytes, "SO_RCVBUFFORCE")) != nil { return }
        try setOption(level: SOL_SOCKET, name: SO_RCVBUF, value: bytes, "SO_RCVBUF")
    }

    /// Sends `bytes` as one datagram to the kernel (port 0): one batch of requests.
    public func send(_ bytes: [UInt8]) throws(SystemCallError) {
        let fd = fileDescriptor
        let sent = try SystemCall.run("send(AF_NETLINK)") {
            bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        }
        if sent != bytes.count { throw SystemCallError("send(AF_NETLINK)", Errno(rawValue: EMSGSIZE)) }
    }

    /// One datagram, or nil when none arrived within `timeoutMilliseconds` (-1 waits forever).
    /// ENOBUFS (the kernel dropped messages for this socket) is thrown like any other errno.
    public func receive(timeoutMilliseconds: Int32) throws(SystemCallError) -> [UInt8]? {
        let fd = fileDescriptor
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = try SystemCall.run("poll(AF_NETLINK)") { Glibc.poll(&p, 1, timeoutMilliseconds) }
        if ready == 0 { return nil }
        var buffer = [UInt8](repeating: 0, count: Self.datagramCapacity)
        let n: Int
        do throws(SystemCallError) {
            n = try SystemCall.run("recv(AF_NETLINK)") {
                buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            }
        } catch where error.errno.isWouldBlock {
            return nil
        }
        buffer.removeSubrange(n...)
        return buffer
    }
}
