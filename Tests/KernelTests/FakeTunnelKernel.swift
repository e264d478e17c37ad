/// A fake rtnetlink for `NetlinkTunnelDevices`, where the real kernel cannot help: this
/// machine's kernel has no ipip module, so adopting an existing `tunl0` (the ipip module's
/// fallback device) is tested here. It answers link, address and neighbour dumps from its
/// state, applies RTM_NEWLINK/RTM_NEWADDR/RTM_DELADDR to it, ACKs every request and logs them.
import Kernel
import NetCore
import NetlinkWire
import Synchronization

final class FakeTunnelKernel: NetlinkTransport {
    struct State {
        var links: [Link]
        var addresses: [InterfaceAddress]
        var pending: [[UInt8]] = []
        /// Every request after the dumps, as `ip` would describe it.
        var writes: [String] = []
    }

    let state: Mutex<State>

    init(links: [Link], addresses: [InterfaceAddress]) { state = Mutex(State(links: links, addresses: addresses)) }

    var writes: [String] { state.withLock { $0.writes } }
    var links: [Link] { state.withLock { $0.links } }
    var addresses: [InterfaceAddress] { state.withLock { $0.addresses } }

    func send(_ datagram: [UInt8]) throws(RouteTableError) {
        let messages: [NetlinkMessage]
        do { messages = try NetlinkMessage.split(datagram) } catch { throw .decode(error) }
        for m in messages {
            do {
                try state.withLock { (s: inout State) throws(NetlinkDecodeError) in s.pending.append(try Self.handle(m, &s)) }
            } catch {
                throw .decode(error)
            }
        }
    }

    func receive(timeoutMilliseconds: Int32) throws(RouteTableError) -> [UInt8]? {
        state.withLock { $0.pending.isEmpty ? nil : $0.pending.removeFirst() }
    }

    private static func handle(_ m: NetlinkMessage, _ s: inout State) throws(NetlinkDecodeError) -> [UInt8] {
        let ack = NetlinkErrorReply(errno: 0, request: m.header).encode()
        switch m.type {
        case RTM.getLink:
            return s.links.flatMap { $0.encode(.new, flags: .multi, seq: m.sequence) } + NetlinkDone.encode(seq: m.sequence)
        case RTM.getAddress:
            return s.addresses.flatMap { $0.encode(.new, flags: .multi, seq: m.sequence) } + NetlinkDone.encode(seq: m.sequence)
        case RTM.getNeighbour:
            return NetlinkDone.encode(seq: m.sequence)
        case RTM.newLink:
            let change = try Link(m)
            guard let i = s.links.firstIndex(where: { $0.index == change.index }) else {
                return NetlinkErrorReply(errno: 19, request: m.header, message: "fake: no such link").encode()
            }
            if let mtu = change.mtu { s.links[i].mtu = mtu; s.writes.append("set #\(change.index) mtu \(mtu)") }
            if change.change & IFF.up != 0 {
                s.links[i].flags = change.flags & IFF.up != 0 ? s.links[i].flags | IFF.up : s.links[i].flags & ~IFF.up
                s.writes.append("set #\(change.index) \(change.flags & IFF.up != 0 ? "up" : "down")")
            }
            return ack
        case RTM.newAddress:
            let a = try InterfaceAddress(m)
            s.addresses.append(a)
            s.writes.append("addr add \(a)")
            return ack
        case RTM.delAddress:
            let a = try InterfaceAddress(m)
            s.addresses.removeAll { $0.interfaceIndex == a.interfaceIndex && $0.local == a.local }
            s.writes.append("addr del \(a)")
            return ack
        default:
            s.writes.append("unexpected message type \(m.type)")
            return NetlinkErrorReply(errno: 95, request: m.header, message: "fake: not modelled").encode()
        }
    }
}
