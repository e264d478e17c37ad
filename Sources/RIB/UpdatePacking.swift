/// Building UPDATEs from an Adj-RIB-Out when the peer's socket can take them (RFC 4271 §9.2):
/// withdrawals first, then announcements grouped by attribute set, each message filled with as
/// many NLRI as the negotiated size allows (4096, or 65535 with RFC 8654). IPv4 unicast uses the
/// classic fields; IPv6 uses MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760). The encoder does not
/// enforce the size limit, so sizes are measured here: the encoded size of the message without
/// NLRI, plus each NLRI's encoded size (and one byte for MP_REACH_NLRI growing to an extended
/// length). Then End-of-RIB (RFC 4724 §2) and the RFC 7313 BoRR / EoRR markers.
import BGPWire
import NetCore

/// The bytes a pull may produce: messages are built only while a full-size one still fits
/// (the first message is always allowed, so a pull never stalls).
struct MessageBudget {
    var remaining: Int
    var produced = 0
    let messageLimit: Int

    /// A message of up to `size` bytes may be built.
    func allows(_ size: Int) -> Bool { produced == 0 || remaining >= size }
    var allowsFullMessage: Bool { allows(messageLimit) }

    mutating func spend(_ bytes: Int) {
        remaining -= bytes
        produced += bytes
    }
}

/// The path identifier sent with ADD-PATH (RFC 7911 §3): only the best path is advertised.
let advertisedPathID: UInt32 = 1

extension AdjRIBOut {
    /// Appends messages for this family to `out` within `budget`.
    mutating func pull(budget: inout MessageBudget, session: PeerSession, table: inout AttributeTable,
                       into out: inout [BGPMessage]) {
        if refresh == .beginning {
            guard budget.allows(23) else { return }
            out.append(.routeRefresh(RouteRefreshMessage(family: P.family, subtype: .beginning)))
            budget.spend(23)
            refresh = .inProgress
        }
        pullWithdrawals(budget: &budget, session: session, table: &table, into: &out)
        pullAnnouncements(budget: &budget, session: session, table: &table, into: &out)
        guard !hasPendingRoutes else { return }
        if refresh == .inProgress, budget.allows(23) {
            out.append(.routeRefresh(RouteRefreshMessage(family: P.family, subtype: .end)))
            budget.spend(23)
            refresh = .idle
        }
        if endOfRIBPending, budget.allows(30) {
            let marker = UpdateMessage.endOfRIB(P.family)
            out.append(.update(marker))
            budget.spend(BGPMessage.update(marker).encode(context: session.encodeContext).count)
            endOfRIBPending = false
        }
    }

    private func nlri(_ p: PrefixKey<P>, addPath: Bool) -> NLRI {
        NLRI(prefix: p.prefix.ipPrefix, pathID: addPath ? advertisedPathID : nil)
    }

    /// Takes NLRI from `queue` starting at `index` while they fit after `fixed` bytes.
    private func fill(_ queue: [PrefixKey<P>], from index: inout Int, fixed: Int, limit: Int,
                      addPath: Bool) -> (entries: [NLRI], size: Int) {
        var entries: [NLRI] = []
        var size = fixed
        while index < queue.count {
            let e = nlri(queue[index], addPath: addPath)
            let s = NLRIList.encodedSize(e, addPath: addPath)
            guard size + s <= limit else { break }
            entries.append(e)
            size += s
            index += 1
        }
        return (entries, size)
    }

    /// At most as many prefixes as the budget could carry (each NLRI takes at least one byte),
    /// so one pull never copies a whole large group.
    private func boundedQueue(_ prefixes: Set<PrefixKey<P>>, _ budget: MessageBudget) -> [PrefixKey<P>] {
        Array(prefixes.prefix(max(budget.remaining, budget.messageLimit)))
    }

    private mutating func pullWithdrawals(budget: inout MessageBudget, session: PeerSession,
                                          table: inout AttributeTable, into out: inout [BGPMessage]) {
        guard !withdrawals.isEmpty, budget.allowsFullMessage else { return }
        let addPath = session.encodeContext.addPath(P.family)
        let isIPv4 = P.family == .ipv4Unicast
        // Header, two length fields; for IPv6 an extended-length MP_UNREACH_NLRI header, AFI, SAFI.
        let fixed = BGPHeader.length + 4 + (isIPv4 ? 0 : 4 + 3)
        let queue = boundedQueue(withdrawals, budget)
        var index = 0
        while index < queue.count, budget.allowsFullMessage {
            let (entries, size) = fill(queue, from: &index, fixed: fixed, limit: budget.messageLimit, addPath: addPath)
            guard !entries.isEmpty else { break }
            let list = NLRIList(entries, afi: P.family.afi, addPath: addPath)
            let update = isIPv4 ? UpdateMessage(withdrawn: list)
                : UpdateMessage(attributes: [.mpUnreachNLRI(MPUnreachNLRI(family: P.family, withdrawn: .prefixes(list)))])
            out.append(.update(update))
            budget.spend(size)
        }
        markWithdrawn(Array(queue[..<index]), table: &table)
    }

    private mutating func pullAnnouncements(budget: inout MessageBudget, session: PeerSession,
                                            table: inout AttributeTable, into out: inout [BGPMessage]) {
        // Oldest group first (`announceOrder`); an entry whose group is gone is skipped. Each
        // group is marked sent at once, so a later entry of the same handle finds it gone.
        while announceHead < announceOrder.count, budget.allowsFullMessage {
            let handle = announceOrder[announceHead]
            guard let prefixes = announcements[handle] else {
                announceHead += 1
                continue
            }
            guard let sent = packGroup(handle, prefixes, budget: &budget, session: session, table: table, into: &out) else {
                // Attributes too large for any message (RFC 4271 §9.2 cannot carry them): the
                // peer is told the prefixes are unreachable instead of the change waiting forever.
                for p in prefixes { stage(p, export: nil, table: &table) }
                announceHead += 1
                continue
            }
            markAnnounced(sent, handle: handle, table: &table)
            guard sent.count == prefixes.count else { break }  // the budget ran out inside the group
            announceHead += 1
        }
        if announcements.isEmpty {
            announceOrder.removeAll(keepingCapacity: true)
            announceHead = 0
        } else if announceHead > 1024, announceHead * 2 > announceOrder.count {
            announceOrder.removeFirst(announceHead)
            announceHead = 0
        }
    }

    /// Packs the prefixes of one attribute set; returns the prefixes sent, nil when the
    /// attributes alone do not fit a message.
    private func packGroup(_ handle: AttributeHandle, _ prefixes: Set<PrefixKey<P>>, budget: inout MessageBudget,
                           session: PeerSession, table: AttributeTable, into out: inout [BGPMessage]) -> [PrefixKey<P>]? {
        let addPath = session.encodeContext.addPath(P.family)
        let template = table.withSet(handle) {
            UpdateTemplate(attributes: $0, family: P.family, addPath: addPath, context: session.encodeContext)
        }
        let fixed = template.fixedSize
        guard fixed + 1 + (Int(P.family == .ipv4Unicast ? 32 : 128) + 7) / 8 + (addPath ? 4 : 0) <= budget.messageLimit else {
            return nil
        }
        // The group's prefixes are read straight from its set and encoded straight into each
        // message's NLRI bytes (no copied queue, no `[NLRI]` per message).
        let limit = budget.messageLimit
        var sent: [PrefixKey<P>] = []
        sent.reserveCapacity(min(prefixes.count, max(budget.remaining, limit)))
        var iterator = prefixes.makeIterator()
        var next = iterator.next()
        while next != nil, budget.allowsFullMessage {
            var list = NLRIListBuilder(afi: P.family.afi, addPath: addPath, capacity: min(limit - fixed, prefixes.count * 5))
            var size = fixed
            while let p = next {
                let e = nlri(p, addPath: addPath)
                let s = NLRIList.encodedSize(e, addPath: addPath)
                guard size + s <= limit else { break }
                list.append(e)
                sent.append(p)
                size += s
                next = iterator.next()
            }
            guard list.count > 0 else { break }
            out.append(.update(template.message(list.list)))
            budget.spend(size)
        }
        return sent
    }
}

/// An UPDATE's attributes for one attribute set and family, ready to take NLRI: the message
/// without NLRI with its attributes encoded once (`UpdateMessage.cacheEncodedAttributes`), so
/// sizing it and encoding each message of the group copy those bytes instead of encoding the
/// attributes again.
struct UpdateTemplate {
    let family: AddressFamily
    let addPath: Bool
    private var base: UpdateMessage
    /// Encoded size with no NLRI; for MP_REACH_NLRI one more byte, in case the NLRI push its
    /// length past 255 and the header gains the extended length octet.
    let fixedSize: Int

    init(attributes set: AttributeSet, family: AddressFamily, addPath: Bool, context: EncodeContext) {
        self.family = family
        self.addPath = addPath
        let classic = family == .ipv4Unicast
        var attributes = set.pathAttributes(includeNextHop: classic)
        if !classic {
            let empty = NLRIList([], afi: family.afi, addPath: addPath)
            attributes.insert(.mpReachNLRI(MPReachNLRI(family: family, nextHop: set.nextHopBytes, nlri: .prefixes(empty))), at: 0)
        }
        base = UpdateMessage(attributes: attributes)
        base.cacheEncodedAttributes(context: context)
        fixedSize = base.encodedLength(context: context) + (classic ? 0 : 1)
    }

    /// The message with these NLRI.
    func message(_ list: NLRIList) -> UpdateMessage {
        var m = base
        if family == .ipv4Unicast { m.nlri = list } else { m.setMPReachNLRI(.prefixes(list)) }
        return m
    }
}
