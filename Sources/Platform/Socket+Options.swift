/// Socket options as typed calls: getsockopt/setsockopt of an `Int32` in one place, and the
/// general-purpose options (SO_REUSEADDR, SO_REUSEPORT, IPV6_V6ONLY, TCP_NODELAY, O_NONBLOCK).
import Glibc

extension Socket {
    /// setsockopt(level, name, Int32 value); `call` names the option in errors.
    public func setOption(level: Int32, name: Int32, _ value: Int32, _ call: @autoclosure () -> String) throws(SystemCallError) {
        let fd = fileDescriptor
        var v = value
        _ = try SystemCall.run(call()) {
            Glibc.setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// getsockopt(level, name) as an `Int32`.
    public func option(level: Int32, name: Int32, _ call: @autoclosure () -> String) throws(SystemCallError) -> Int32 {
        let fd = fileDescriptor
        var v: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try SystemCall.run(call()) { Glibc.getsockopt(fd, level, name, &v, &length) }
        return v
    }

    public func setReuseAddress(_ on: Bool) throws(SystemCallError) {
        try setOption(level: SOL_SOCKET, name: SO_REUSEADDR, on ? 1 : 0, "setsockopt(SO_REUSEADDR)")
    }

    public func setReusePort(_ on: Bool) throws(SystemCallError) {
        try setOption(level: SOL_SOCKET, name: SO_REUSEPORT, on ? 1 : 0, "setsockopt(SO_REUSEPORT)")
    }

    /// IPV6_V6ONLY: an IPv6 socket that takes no IPv4-mapped connections.
    public func setIPv6Only(_ on: Bool) throws(SystemCallError) {
        try setOption(level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, on ? 1 : 0, "setsockopt(IPV6_V6ONLY)")
    }

    /// TCP_NODELAY: BGP writes whole messages; Nagle would only delay KEEPALIVEs.
    public func setNoDelay(_ on: Bool) throws(SystemCallError) {
        try setOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY, on ? 1 : 0, "setsockopt(TCP_NODELAY)")
    }

    public func noDelay() throws(SystemCallError) -> Bool {
        try option(level: Int32(IPPROTO_TCP), name: TCP_NODELAY, "getsockopt(TCP_NODELAY)") != 0
    }

    /// O_NONBLOCK via fcntl (sockets made by `Socket` are already non-blocking).
    public func setNonBlocking(_ on: Bool) throws(SystemCallError) {
        let fd = fileDescriptor
        let flags = try SystemCall.run("fcntl(F_GETFL)") { fcntl(fd, F_GETFL) }
        let wanted = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        if wanted != flags { _ = try SystemCall.run("fcntl(F_SETFL)") { fcntl(fd, F_SETFL, wanted) } }
    }

    public func isNonBlocking() throws(SystemCallError) -> Bool {
        let fd = fileDescriptor
        return try SystemCall.run("fcntl(F_GETFL)") { fcntl(fd, F_GETFL) } & O_NONBLOCK != 0
    }
}
