/// A fake kernel behind `NetlinkTransport`: it decodes the bytes `NetlinkRouteTable` sends
/// (route and link dumps, RTM_NEWROUTE with EXCL/REPLACE, RTM_DELROUTE), answers like
/// rtnetlink (errors for refused requests, an ACK only where NLM_F_ACK asks), and counts
/// datagrams, so batching, sequence matching and ENOBUFS handling are testable without root.
import Kernel
import NetCore
import NetlinkWire
import Synchronization

final class FakeNetlinkKernel: NetlinkTransport {
    struct State {
        var routes: [Route] = []
        var links: [String: UInt32] = ["v0": 3]
        var refusals: [IPPrefix: (Int32, String)] = [:]
        var pending: [[UInt8]] = []
        var sentDatagrams: [[NetlinkMessage]] = []
        var overrunNextReceive = false
    }

    let state = Mutex(State())

    var routes: [Route] { state.withLock { $0.routes } }
    var sentDatagrams: [[NetlinkMessage]] { state.withLock { $0.sentDatagrams } }

    func insert(_ r: Route) { state.withLock { $0.routes.append(r) } }
    func removeAll(_ p: IPPrefix) { state.withLock { $0.routes.removeAll { $0.destination == p } } }
    func refuse(_ p: IPPrefix, errno: Int32, message: String) { state.withLock { $0.refusals[p] = (errno, message) } }
    func overrunOnNextReceive() { state.withLock { $0.overrunNextReceive = true } }
    func clearLog() { state.withLock { $0.sentDatagrams = [] } }

    func send(_ datagram: [UInt8]) throws(RouteTableError) {
        let messages: [NetlinkMessage]
        do { messages = try NetlinkMessage.split(datagram) } catch { throw .decode(error) }
        state.withLock { s in
            s.sentDatagrams.append(messages)
            var reply: [UInt8] = []
            for m in messages { reply += Self.handle(m, &s) }
            if !reply.isEmpty { s.pending.append(reply) }
        }
    }

    func receive(timeoutMilliseconds: Int32) throws(RouteTableError) -> [UInt8]? {
        let (overrun, next) = state.withLock { s -> (Bool, [UInt8]?) in
            if s.overrunNextReceive {
                s.overrunNextReceive = false
                s.pending = []  // what ENOBUFS means: replies were lost
                return (true, nil)
            }
            return (false, s.pending.isEmpty ? nil : s.pending.removeFirst())
        }
        if overrun { throw .overrun }
        return next
    }

    private static func handle(_ m: NetlinkMessage, _ s: inout State) -> [UInt8] {
        switch m.type {
        case RTM.getRoute:
            let family = m.payload.first ?? 0
            var out: [UInt8] = []
            for r in s.routes where r.family == family { out += r.encode(.new, flags: .multi, seq: m.sequence) }
            return out + NetlinkDone.encode(seq: m.sequence)
        case RTM.getLink:
            var out: [UInt8] = []
            for (name, index) in s.links.sorted(by: { $0.value < $1.value }) {
                out += Link(index: index, name: name).encode(.new, flags: .multi, seq: m.sequence)
            }
            return out + NetlinkDone.encode(seq: m.sequence)
        case RTM.newRoute, RTM.delRoute:
            guard let r = try? Route(m) else { return reply(m, errno: 22, "bad request") }
            if let (errno, text) = s.refusals[r.destination] { return reply(m, errno: errno, text) }
            let errno = m.type == RTM.newRoute ? add(r, flags: m.header.flags, &s) : delete(r, &s)
            if errno != 0 { return reply(m, errno: errno, nil) }
            return m.header.flags.contains(.ack) ? reply(m, errno: 0, nil) : []
        default:
            return reply(m, errno: 95, "not simulated")
        }
    }

    private static func add(_ r: Route, flags: NetlinkFlags, _ s: inout State) -> Int32 {
        if let i = s.routes.firstIndex(where: { RouteKey($0) == RouteKey(r) && $0.table == r.table }) {
            if flags.contains(.excl) { return 17 }
            if flags.contains(.replace) { s.routes[i] = r; return 0 }
        }
        s.routes.append(r)
        return 0
    }

    private static func delete(_ r: Route, _ s: inout State) -> Int32 {
        guard let i = s.routes.firstIndex(where: {
            RouteKey($0) == RouteKey(r) && $0.table == r.table && $0.protocol == r.protocol
        }) else { return 3 }
        s.routes.remove(at: i)
        return 0
    }

    private static func reply(_ m: NetlinkMessage, errno: Int32, _ text: String?) -> [UInt8] {
        NetlinkErrorReply(errno: errno, request: m.header, message: text).encode()
    }
}
