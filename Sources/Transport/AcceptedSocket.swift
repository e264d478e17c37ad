/// `AcceptedSocket`: a connection the listener accepted from a configured peer, not yet read.
import Platform

/// Hand it to `Connection(accepted:options:queue:)`; dropping it closes the socket (which is
/// how a speaker refuses a connection its FSM does not want, RFC 4271 §8.2.2 Idle).
public struct AcceptedSocket: Sendable {
    public let socket: Socket
    public let remote: SocketAddress
    public let local: SocketAddress

    public init(socket: Socket, remote: SocketAddress, local: SocketAddress) {
        self.socket = socket; self.remote = remote; self.local = local
    }
}
