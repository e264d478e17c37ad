/// Shared builders for the RIB tests: prefixes, peers, sessions, UPDATEs, and a drain that
/// encodes every pulled message and checks it against the size limit and the decoder.
import BGPWire
import NetCore
import Testing
@testable import RIB

let localAS: ASN = 64512
let localRouterID = RouterID(IPv4Address(10, 0, 0, 1))

func p4(_ s: String) -> IPv4Prefix { IPv4Prefix(s)! }
func p6(_ s: String) -> IPv6Prefix { IPv6Prefix(s)! }
func ip(_ s: String) -> IPAddress { IPAddress(s)! }
func v4(_ s: String) -> IPv4Address { IPv4Address(s)! }
func rid(_ s: String) -> RouterID { RouterID(IPv4Address(s)!) }

func makeRIB(clusterID: UInt32? = nil, maximumPaths: Int = 16) -> RoutingInformationBase {
    RoutingInformationBase(configuration: RIBConfiguration(localAS: localAS, routerID: localRouterID,
                                                           clusterID: clusterID, maximumPaths: maximumPaths))
}

/// Adds a peer and brings its session up.
func addPeer(_ rib: inout RoutingInformationBase, _ address: String, asn: ASN = localAS, routerID: String? = nil,
             client: Bool = false, context: EncodeContext = EncodeContext(), enhancedRefresh: Bool = false,
             families: Set<AddressFamily> = [.ipv4Unicast, .ipv6Unicast],
             configure: (inout PeerConfiguration) -> Void = { _ in }) -> PeerID {
    var config = PeerConfiguration(address: ip(address), routeReflectorClient: client,
                                   localIPv4: v4("192.0.2.1"), localIPv6: IPv6Address("2001:db8::1"))
    configure(&config)
    let id = rib.addPeer(config)
    let session = PeerSession(peerAS: asn, routerID: rid(routerID ?? (address.contains(":") ? "10.9.9.9" : address)), isInternal: asn == localAS,
                              families: families, encodeContext: context, enhancedRouteRefresh: enhancedRefresh)
    rib.sessionEstablished(id, session: session)
    return id
}

func asPath(_ asns: [UInt32]) -> ASPath {
    asns.isEmpty ? .empty : ASPath(segments: [ASPathSegment(type: .sequence, asns: asns.map { ASN($0) })])
}

/// An IPv4 UPDATE announcing `prefixes`.
func announce(_ prefixes: [String], nextHop: String = "198.51.100.2", path: [UInt32] = [65001],
              localPref: UInt32? = nil, med: UInt32? = nil, origin: Origin = .igp, communities: [Community] = [],
              originatorID: RouterID? = nil, clusterList: [UInt32] = [], pathID: UInt32? = nil) -> UpdateMessage {
    var attributes: [PathAttribute] = [.origin(origin), .asPath(asPath(path)), .nextHop(v4(nextHop))]
    if let med { attributes.append(.multiExitDisc(med)) }
    if let localPref { attributes.append(.localPref(localPref)) }
    if !communities.isEmpty { attributes.append(.communities(communities)) }
    if let originatorID { attributes.append(.originatorID(originatorID)) }
    if !clusterList.isEmpty { attributes.append(.clusterList(clusterList)) }
    let nlri = prefixes.map { NLRI(prefix: .v4(p4($0)), pathID: pathID) }
    return UpdateMessage(attributes: attributes, nlri: NLRIList(nlri, afi: .ipv4, addPath: pathID != nil))
}

/// An IPv4 UPDATE withdrawing `prefixes`.
func withdraw(_ prefixes: [String], pathID: UInt32? = nil) -> UpdateMessage {
    let nlri = prefixes.map { NLRI(prefix: .v4(p4($0)), pathID: pathID) }
    return UpdateMessage(withdrawn: NLRIList(nlri, afi: .ipv4, addPath: pathID != nil))
}

/// An IPv6 UPDATE announcing `prefixes` in MP_REACH_NLRI.
func announce6(_ prefixes: [String], nextHop: String = "2001:db8:1::2", path: [UInt32] = [65001]) -> UpdateMessage {
    let list = NLRIList(prefixes.map { NLRI(prefix: .v6(p6($0))) }, afi: .ipv6, addPath: false)
    let reach = MPReachNLRI(family: .ipv6Unicast, nextHop: IPv6Address(nextHop)!.bytes, nlri: .prefixes(list))
    return UpdateMessage(attributes: [.mpReachNLRI(reach), .origin(.igp), .asPath(asPath(path))])
}

/// An IPv6 UPDATE withdrawing `prefixes` in MP_UNREACH_NLRI.
func withdraw6(_ prefixes: [String]) -> UpdateMessage {
    let list = NLRIList(prefixes.map { NLRI(prefix: .v6(p6($0))) }, afi: .ipv6, addPath: false)
    return UpdateMessage(attributes: [.mpUnreachNLRI(MPUnreachNLRI(family: .ipv6Unicast, withdrawn: .prefixes(list)))])
}

/// Pulls everything pending for `peer`; every message is encoded, checked against the size
/// limit and decoded again (what the peer would see).
func drain(_ rib: inout RoutingInformationBase, _ peer: PeerID, context: EncodeContext = EncodeContext(),
           maxBytes: Int = 65536, sourceLocation: SourceLocation = #_sourceLocation) -> [BGPMessage] {
    var out: [BGPMessage] = []
    var rounds = 0
    while rib.hasPendingMessages(for: peer), rounds < 100_000 {
        rounds += 1
        for m in rib.nextMessages(for: peer, maxBytes: maxBytes) {
            let bytes = m.encode(context: context)
            #expect(bytes.count <= context.maxMessageLength, "message of \(bytes.count) bytes", sourceLocation: sourceLocation)
            do {
                out.append(try BGPMessage.decode(message: bytes, context: DecodeContext(
                    fourOctetAS: context.fourOctetAS, addPathReceive: context.addPathReceive,
                    extendedMessage: context.maxMessageLength > 4096)))
            } catch {
                Issue.record("pulled message does not decode: \(error)", sourceLocation: sourceLocation)
            }
        }
    }
    return out
}

/// The UPDATEs among `messages`.
func updates(_ messages: [BGPMessage]) -> [UpdateMessage] {
    messages.compactMap { if case .update(let u) = $0 { u } else { nil } }
}

/// Every IPv4 and MP prefix announced in `messages`.
func announced(_ messages: [BGPMessage]) -> [IPPrefix] {
    updates(messages).flatMap { u -> [IPPrefix] in
        var out = u.nlri.map(\.prefix)
        if let r = u.mpReach, case .prefixes(let l) = r.nlri { out += l.map(\.prefix) }
        return out
    }
}

/// Every IPv4 and MP prefix withdrawn in `messages`.
func withdrawn(_ messages: [BGPMessage]) -> [IPPrefix] {
    updates(messages).flatMap { u -> [IPPrefix] in
        var out = u.withdrawn.map(\.prefix)
        if let r = u.mpUnreach, case .prefixes(let l) = r.withdrawn { out += l.map(\.prefix) }
        return out
    }
}

/// A decision-process candidate built from a few facts.
func path(peer: UInt32 = 1, localPref: UInt32 = 100, asPath asns: [UInt32] = [65001], origin: Origin = .igp,
          med: UInt32? = nil, external: Bool = true, routerID: String = "10.0.0.9", originatorID: String? = nil,
          clusterList: [UInt32] = [], address: String = "198.51.100.9", pathID: UInt32 = 0) -> DecisionPath {
    let attributes = AttributeSet(origin: origin, asPath: asPath(asns), med: med, localPref: localPref,
                                  originatorID: originatorID.map(rid), clusterList: clusterList)
    let peerID = PeerID(rawValue: peer)
    return DecisionPath(reference: PathReference(peer: peerID, pathID: pathID, attributes: AttributeHandle(rawValue: peer * 1000 + pathID)),
                        attributes: attributes,
                        source: PathSource(peer: peerID, isExternal: external, routerID: rid(routerID),
                                           address: peer == 0 ? nil : ip(address)))
}
