/// The minimal BGP exchange of `swiftletctl bench` (RFC 4271 §8, hand-written rather than the
/// BGPSession FSM, because the tool only ever opens one session and then streams): send OPEN
/// (4-octet AS, IPv4 unicast, hold time 240 s) on a connection we open or accept, read the peer's OPEN, send KEEPALIVE, wait for
/// the peer's KEEPALIVE. A NOTIFICATION at any point ends the run with its code and subcode.
import BGPWire
import NetCore

struct BenchPeerOptions {
    var remote: IPv4Address
    var local: IPv4Address
    var localAS: UInt32
    var port: UInt16 = 179
    var connectTimeout: Double = 60
    /// Wait for the daemon to connect instead of connecting to it.
    var passive = false
}

enum BenchSession {
    static let holdTime: UInt16 = 240

    /// Connects and brings the session to Established. Returns the socket and an inbox holding
    /// whatever arrived after the peer's KEEPALIVE.
    static func establish(_ o: BenchPeerOptions) throws -> (BenchSocket, BenchInbox) {
        let s = o.passive
            ? try BenchSocket.accept(local: o.local, port: o.port, timeout: o.connectTimeout)
            : try BenchSocket.connect(remote: o.remote, port: o.port, local: o.local, timeout: o.connectTimeout)
        let myAS = o.localAS > 0xFFFF ? UInt16(ASN.trans.rawValue) : UInt16(o.localAS)
        let open = OpenMessage(myAS: myAS, holdTime: holdTime, identifier: RouterID(rawValue: o.local.rawValue),
                               capabilities: [.multiprotocol(.ipv4Unicast), .fourOctetAS(ASN(o.localAS))])
        try s.writeAll(BGPMessage.open(open).encode(context: EncodeContext()))
        var inbox = BenchInbox(capacity: 1 << 16)
        var gotOpen = false
        while true {
            while let (type, body) = try inbox.next() {
                switch type {
                case MessageType.open.rawValue:
                    let peer = try OpenMessage.decode(body: inbox.bytes[body])
                    guard peer.capabilities.contains(where: { if case .fourOctetAS = $0 { true } else { false } }) else {
                        throw BenchError("the peer did not announce 4-octet AS numbers (RFC 6793)")
                    }
                    gotOpen = true
                    try s.writeAll(BGPMessage.keepaliveBytes)
                case MessageType.keepalive.rawValue where gotOpen:
                    return (s, inbox)
                case MessageType.notification.rawValue:
                    throw notification(inbox.bytes[body])
                default:
                    throw BenchError("unexpected message type \(type) before Established")
                }
            }
            if try inbox.read(from: s.fd, limit: 1 << 16) == 0 { throw BenchError("the peer closed the connection") }
        }
    }

    static func notification(_ body: ArraySlice<UInt8>) -> BenchError {
        let code = body.first ?? 0, sub = body.dropFirst().first ?? 0
        return BenchError("the peer sent NOTIFICATION \(code)/\(sub)")
    }
}
