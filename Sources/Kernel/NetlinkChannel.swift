/// `NetlinkChannel`: request/reply over a `NetlinkTransport` — sequence numbers, dumps
/// (complete, retried when interrupted) and batches of route writes: many requests per
/// datagram, NLM_F_ACK only on the last, errors matched to requests by sequence number.
import NetlinkWire

struct NetlinkChannel: Sendable {
    let transport: any NetlinkTransport
    let timeoutMilliseconds: Int32
    private(set) var nextSequence: UInt32 = 1

    init(transport: any NetlinkTransport, timeoutMilliseconds: Int32) {
        self.transport = transport
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    mutating func sequence() -> UInt32 {
        defer { nextSequence = nextSequence == .max ? 1 : nextSequence + 1 }
        return nextSequence
    }

    // MARK: dumps

    /// All IPv4 and IPv6 routes of every table (the caller filters).
    mutating func dumpRoutes() throws(RouteTableError) -> [Route] {
        var routes: [Route] = []
        for family in [AF.inet, AF.inet6] {
            for m in try dump({ Route.dumpRequest(family: family, seq: $0) }) where m.type == RTM.newRoute {
                do {
                    routes.append(try Route(m))
                } catch .unsupportedFamily {
                    continue
                } catch {
                    throw .decode(error)
                }
            }
        }
        return routes
    }

    /// Interface names to indexes.
    mutating func dumpInterfaces() throws(RouteTableError) -> [String: UInt32] {
        var out: [String: UInt32] = [:]
        for m in try dump({ Link.dumpRequest(seq: $0) }) where m.type == RTM.newLink {
            do {
                let link = try Link(m)
                if let name = link.name { out[name] = link.index }
            } catch {
                throw .decode(error)
            }
        }
        return out
    }

    /// One dump, repeated (up to three times) while the kernel reports it interrupted.
    private mutating func dump(_ request: (UInt32) -> [UInt8]) throws(RouteTableError) -> [NetlinkMessage] {
        try transport.dump(timeoutMilliseconds: timeoutMilliseconds, sequence: { sequence() }, request)
    }

    // MARK: writes

    /// Writes changes `0..<count` (each made by `change(i)` only when it is encoded, so a large
    /// plan is never held as full routes) in batches of `batchSize` per datagram, and returns the
    /// kernel's error for each refused change, by index; absent means it succeeded.
    mutating func write(count: Int, batchSize: Int, change: (Int) -> RouteChange) throws(RouteTableError) -> [Int: NetlinkErrorReply] {
        var errors: [Int: NetlinkErrorReply] = [:]
        var w = NetlinkWriter(capacity: min(count, batchSize) * 96)
        var start = 0
        while start < count {
            let end = min(count, start + batchSize)
            try writeBatch(start..<end, change, writer: &w, into: &errors)
            start = end
        }
        return errors
    }

    /// One datagram of requests; NLM_F_ACK on the last only. The kernel answers every failed
    /// request with an NLMSG_ERROR whether or not it asked for an ACK, in order, so the last
    /// one's ACK ends the batch and every error before it is matched by sequence number.
    private mutating func writeBatch(_ range: Range<Int>, _ change: (Int) -> RouteChange, writer w: inout NetlinkWriter,
                                     into errors: inout [Int: NetlinkErrorReply]) throws(RouteTableError) {
        w.removeAll()
        var indexBySequence: [UInt32: Int] = [:]
        indexBySequence.reserveCapacity(range.count)
        var last: UInt32 = 0
        for i in range {
            let c = change(i)
            last = sequence()
            indexBySequence[last] = i
            var flags = Self.flags(c)
            if i == range.upperBound - 1 { flags.insert(.ack) }
            Self.request(c).encode(c.verb == "delete" ? .delete : .new, flags: flags, seq: last, into: &w)
        }
        try transport.send(w.bytes)
        var finished = false
        while !finished {
            guard let datagram = try transport.receive(timeoutMilliseconds: timeoutMilliseconds) else {
                throw .timeout("ACK for seq \(last)")
            }
            let messages: [NetlinkMessage]
            do { messages = try NetlinkMessage.split(datagram) } catch { throw .decode(error) }
            for m in messages where m.type == NLMSG.error {
                guard let index = indexBySequence[m.sequence] else { continue }  // stale reply
                let reply: NetlinkErrorReply
                do { reply = try NetlinkErrorReply(m) } catch { throw .decode(error) }
                if !reply.isAck { errors[index] = reply }
                if m.sequence == last { finished = true }
            }
        }
    }

    /// add: create, never overwrite (a foreign route at the same key stays: EEXIST);
    /// replace: our own route at the same key; delete: by key, protocol and table only.
    static func flags(_ change: RouteChange) -> NetlinkFlags {
        switch change {
        case .add: [.create, .excl]
        case .replace: [.create, .replace]
        case .delete: []
        }
    }

    /// A delete names destination, table, protocol, type and metric but no next hops, so it
    /// removes our whole route (every multipath hop) and can never match another protocol's.
    static func request(_ change: RouteChange) -> Route {
        guard case .delete(var r) = change else { return change.route }
        r.nextHops = []
        r.preferredSource = nil
        r.scope = .universe
        return r
    }
}
