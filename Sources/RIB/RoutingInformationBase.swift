/// The RIB of a BGP speaker (RFC 4271 §3.2): peers are added and their sessions come and go;
/// UPDATEs go in, Loc-RIB changes come out, and each peer's Adj-RIB-Out is pulled into UPDATEs
/// when its socket can take them. Locally originated routes are one more source.
import BGPWire
import NetCore

/// Adj-RIBs-In, Loc-RIB and Adj-RIBs-Out for IPv4 and IPv6 unicast. A value type owned by the
/// speaker's serial queue; every operation is a mutating call returning what changed.
public struct RoutingInformationBase: Sendable {
    var context: RIBContext
    var ipv4 = FamilyRIB<IPv4Prefix>()
    var ipv6 = FamilyRIB<IPv6Prefix>()

    public init(configuration: RIBConfiguration) {
        context = RIBContext(configuration: configuration)
    }

    public var configuration: RIBConfiguration { context.configuration }
    /// The intern table (for counting and inspection).
    public var attributeTable: AttributeTable { context.attributes }

    // MARK: Peers

    /// Adds a peer (no session yet).
    public mutating func addPeer(_ configuration: PeerConfiguration) -> PeerID {
        context.peers.append(PeerRecord(configuration: configuration, session: nil))
        ipv4.addPeerSlot()
        ipv6.addPeerSlot()
        return PeerID(rawValue: UInt32(context.peers.count - 1))
    }

    /// The peer's configuration, nil for an unknown or removed peer.
    public func peerConfiguration(_ peer: PeerID) -> PeerConfiguration? {
        peer == .local ? nil : (context.peers[safe: peer.index] ?? nil)?.configuration
    }

    /// Replaces a peer's configuration. With an established session its Adj-RIB-Out is
    /// recomputed (export policy or next-hop changes); imports change from the next UPDATE
    /// (ask the peer for a route refresh to re-import).
    public mutating func reconfigurePeer(_ peer: PeerID, _ configuration: PeerConfiguration) {
        guard peer != .local, context.peers[safe: peer.index] != nil else { return }
        context.peers[peer.index]?.configuration = configuration
        guard let target = exportTarget(peer) else { return }
        for family in target.session.families { exportTable(family, to: target, endOfRIB: false) }
        _ = context.finishOperation()
    }

    /// Removes a peer and its routes; returns the Loc-RIB changes.
    public mutating func removePeer(_ peer: PeerID) -> [IPPrefix] {
        let changed = sessionDown(peer)
        if peer != .local, context.peers[safe: peer.index] != nil { context.peers[peer.index] = nil }
        return changed
    }

    /// The session reached Established: the whole table is staged for the peer, followed by
    /// End-of-RIB for each family (RFC 4724 §2).
    public mutating func sessionEstablished(_ peer: PeerID, session: PeerSession) {
        guard peer != .local, context.peers[safe: peer.index] != nil else { return }
        context.peers[peer.index]?.session = session
        guard let target = exportTarget(peer) else { return }
        for family in session.families { exportTable(family, to: target, endOfRIB: true) }
        _ = context.finishOperation()
    }

    /// The session ended: its routes are withdrawn and its Adj-RIB-Out forgotten. Returns the
    /// Loc-RIB changes.
    public mutating func sessionDown(_ peer: PeerID) -> [IPPrefix] {
        guard peer != .local, context.peers[safe: peer.index]??.session != nil else { return [] }
        context.peers[peer.index]?.session = nil
        ipv4.flush(peer, context: &context)
        ipv6.flush(peer, context: &context)
        return context.finishOperation()
    }

    func exportTarget(_ peer: PeerID) -> ExportTarget? {
        guard let record = context.peers[safe: peer.index] ?? nil, let session = record.session else { return nil }
        return ExportTarget(peer: peer, configuration: record.configuration, session: session)
    }

    private mutating func exportTable(_ family: AddressFamily, to target: ExportTarget, endOfRIB: Bool) {
        switch family {
        case .ipv4Unicast: ipv4.exportTable(to: target, endOfRIB: endOfRIB, context: &context)
        case .ipv6Unicast: ipv6.exportTable(to: target, endOfRIB: endOfRIB, context: &context)
        default: break
        }
    }

    // MARK: Locally originated routes

    /// Originates `prefix` (a pod block or prefix advertisement) with `attributes`, replacing any
    /// earlier origination of it. Returns the Loc-RIB changes.
    public mutating func originate(_ prefix: IPPrefix, attributes: AttributeSet = .locallyOriginated()) -> [IPPrefix] {
        let h = context.attributes.intern(attributes)
        setPath(prefix, pathID: 0, peer: .local, attributes: h)
        return context.finishOperation()
    }

    /// Stops originating `prefix`. Returns the Loc-RIB changes.
    public mutating func withdrawOrigin(_ prefix: IPPrefix) -> [IPPrefix] {
        setPath(prefix, pathID: 0, peer: .local, attributes: nil)
        return context.finishOperation()
    }

    /// Routes to one family's table.
    mutating func setPath(_ prefix: IPPrefix, pathID: UInt32, peer: PeerID, attributes: AttributeHandle?) {
        switch prefix {
        case .v4(let p): ipv4.setPath(p, pathID: pathID, peer: peer, attributes: attributes, context: &context)
        case .v6(let p): ipv6.setPath(p, pathID: pathID, peer: peer, attributes: attributes, context: &context)
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
