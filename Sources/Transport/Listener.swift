/// `Listener`: the passive side of BGP connections (RFC 4271 §8.1.4 Event 17 comes from what it
/// accepts). One non-blocking socket per address (by default 0.0.0.0 and :: on port 179, the
/// IPv6 one with IPV6_V6ONLY so each family has its own socket, its own TCP MD5 keys in its
/// own address form, and its own TTL options); one read source per socket fires on accept.
import Dispatch
import NetCore
import Platform

/// Connections from addresses that are not configured peers are closed before a byte is read,
/// counted (`refusals`) and logged at most once a minute per address.
///
/// `@unchecked Sendable`: all mutable state, including the callbacks, is touched only on
/// `queue` (the speaker's serial queue); the methods must be called there (checked in debug).
public final class Listener: @unchecked Sendable {
    public struct Configuration: Hashable, Sendable {
        /// Addresses to listen on (port 0 picks an ephemeral port: read it from `localAddresses`).
        public var addresses: [SocketAddress]
        public var backlog: Int32
        /// TTL of the listening sockets, inherited by the SYN-ACK and the accepted socket until
        /// `Connection` applies the peer's own. 255 so a GTSM peer (RFC 5082) accepts our SYN-ACK.
        public var ttl: UInt8?
        /// SO_REUSEPORT (SO_REUSEADDR is always set, so a restart finds the port free).
        public var reusePort: Bool
        /// How often one address's refusals may be logged.
        public var refusalLogInterval: Duration

        public init(addresses: [SocketAddress], backlog: Int32 = 128, ttl: UInt8? = 255,
                    reusePort: Bool = false, refusalLogInterval: Duration = .seconds(60)) {
            self.addresses = addresses; self.backlog = backlog; self.ttl = ttl
            self.reusePort = reusePort; self.refusalLogInterval = refusalLogInterval
        }

        /// 0.0.0.0 and :: on `port` (179 is BGP's, RFC 4271 §8.2.1).
        public static func allAddresses(port: UInt16 = 179) -> Configuration {
            Configuration(addresses: [.any(.ipv4, port: port), .any(.ipv6, port: port)])
        }
    }

    public let configuration: Configuration
    public let queue: DispatchQueue
    /// The accept filter: is this remote address a configured peer? Others are refused.
    public var isConfiguredPeer: (IPAddress) -> Bool = { _ in false }
    /// A connection from a configured peer, ready for `Connection(accepted:…)`.
    public var onAccept: (AcceptedSocket) -> Void = { _ in }
    /// One line for the operator's log (refusals, accept errors).
    public var log: (String) -> Void = { _ in }
    /// Refusals of unconfigured addresses (read on `queue` for status output).
    public private(set) var refusals: RefusalCounters
    /// Connections handed to `onAccept`.
    public private(set) var acceptedCount = 0
    /// The bound addresses (with the real port when the configured one was 0).
    public private(set) var localAddresses: [SocketAddress] = []

    private var sockets: [SocketSources] = []
    /// TCP MD5 keys per peer (RFC 2385), installed on the socket of the peer's family.
    private var md5Keys: [IPAddress: [UInt8]] = [:]
    private let now: @Sendable () -> ContinuousClock.Instant

    public init(configuration: Configuration, queue: DispatchQueue,
                clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.configuration = configuration
        self.queue = queue
        self.now = clock
        refusals = RefusalCounters(logInterval: configuration.refusalLogInterval)
    }

    deinit {
        for s in sockets { s.cancel() }
    }

    /// Opens, binds and listens on every configured address, installs the MD5 keys set so
    /// far, and starts accepting. On any failure nothing stays open and the error is thrown.
    public func start() throws(SystemCallError) {
        assertOnQueue()
        guard sockets.isEmpty else { return }
        var opened: [(Socket, SocketAddress)] = []
        do {
            for address in configuration.addresses {
                let socket = try openSocket(address)
                opened.append((socket, try socket.localAddress() ?? address))
            }
        } catch {
            for (s, _) in opened { s.close() }
            throw error
        }
        for (socket, address) in opened {
            let sources = SocketSources(socket: socket, queue: queue,
                                        onReadable: { [weak self, socket] in self?.acceptAll(on: socket) },
                                        onWritable: {})
            sources.setReading(true)
            sockets.append(sources)
            localAddresses.append(address)
        }
    }

    private func openSocket(_ address: SocketAddress) throws(SystemCallError) -> Socket {
        let socket = try Socket(family: address.family)
        do {
            try socket.setReuseAddress(true)
            if configuration.reusePort { try socket.setReusePort(true) }
            if address.family == .ipv6 { try socket.setIPv6Only(true) }
            if let ttl = configuration.ttl { try socket.setTimeToLive(ttl) }
            for (peer, key) in md5Keys where peer.afi == address.address.afi {
                try socket.setMD5Key(key, for: peer)
            }
            try socket.bind(to: address)
            try socket.listen(backlog: configuration.backlog)
            return socket
        } catch {
            socket.close()
            throw error.with(context: "on \(address)")
        }
    }

    /// Installs (or, with nil, removes) the TCP MD5 key for `peer` on the listening socket of
    /// its family, now if listening and on `start()` otherwise. The kernel needs it there to
    /// check the peer's signed SYN (RFC 2385); accepted connections inherit it.
    public func setMD5Key(_ key: [UInt8]?, for peer: IPAddress) throws(SystemCallError) {
        assertOnQueue()
        if let key, !key.isEmpty { md5Keys[peer] = key } else { md5Keys[peer] = nil }
        for s in sockets where s.socket.family == SocketAddress(peer, port: 0).family {
            try s.socket.setMD5Key(key, for: peer)
        }
    }

    /// Stops listening and closes the sockets (connections already accepted are not touched).
    public func close() {
        assertOnQueue()
        for s in sockets { s.cancel() }
        sockets.removeAll()
        localAddresses.removeAll()
    }

    /// Accepts every waiting connection (up to a bound per event; the source fires again).
    private func acceptAll(on listening: Socket) {
        for _ in 0..<64 {
            let accepted: (socket: Socket, remote: SocketAddress?)?
            do {
                accepted = try listening.accept()
            } catch {
                // EMFILE and the like: say so; the source fires again when it can go on.
                log("accept on \(listening.family) listener failed: \(error)")
                return
            }
            guard let accepted else { return }
            guard let remote = accepted.remote else { accepted.socket.close(); continue }
            guard isConfiguredPeer(remote.address) else {
                refuse(accepted.socket, from: remote)
                continue
            }
            guard let local = try? accepted.socket.localAddress() else { accepted.socket.close(); continue }
            acceptedCount += 1
            onAccept(AcceptedSocket(socket: accepted.socket, remote: remote, local: local))
        }
    }

    /// Closes a connection from an address that is not a configured peer, without reading.
    private func refuse(_ socket: Socket, from remote: SocketAddress) {
        socket.close()
        if refusals.record(remote.address, at: now()) {
            let n = refusals.byAddress[remote.address] ?? 1
            log("refused connection from \(remote): not a configured peer (\(n) from this address so far; "
                + "logged at most once per \(configuration.refusalLogInterval))")
        }
    }

    private func assertOnQueue() {
        #if DEBUG
        dispatchPrecondition(condition: .onQueue(queue))
        #endif
    }
}
