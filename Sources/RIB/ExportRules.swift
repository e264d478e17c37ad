/// Which routes a peer is sent and how their attributes change on the way out (RFC 4271 §9.1.3,
/// §5.1): split horizon, the RFC 1997 well-known communities, no iBGP-to-iBGP re-advertisement
/// except by a route reflector (RFC 4456 §6), and the eBGP and iBGP attribute transforms
/// (next hop self, own AS prepended, LOCAL_PREF, ORIGINATOR_ID and CLUSTER_LIST on reflection).
import BGPWire
import NetCore

/// The peer a route is being exported to.
public struct ExportTarget: Sendable {
    public var peer: PeerID
    public var configuration: PeerConfiguration
    public var session: PeerSession
    public init(peer: PeerID, configuration: PeerConfiguration, session: PeerSession) {
        self.peer = peer; self.configuration = configuration; self.session = session
    }
    var isExternal: Bool { !session.isInternal }
}

/// RFC 4271 §9.1.3 and RFC 4456 §6.
public enum ExportRules {
    /// Whether a route from `source` carrying `attributes` may be advertised to `target`.
    public static func mayAdvertise(_ attributes: AttributeSet, from source: PathSource, to target: ExportTarget,
                                    clusterID: UInt32?) -> Bool {
        if source.peer == target.peer { return false }  // never back to where it came from
        if attributes.has(.noAdvertise) { return false }  // RFC 1997
        // RFC 1997 / RFC 5065: without confederations every external peer is outside the
        // confederation, so NO_EXPORT_SUBCONFED stops at the same border as NO_EXPORT.
        if target.isExternal, attributes.has(.noExport) || attributes.has(.noExportSubconfed) { return false }
        return mayReflect(from: source, to: target, clusterID: clusterID)
    }

    /// RFC 4271 §9.2: routes learned over iBGP are not sent to iBGP peers, unless we are a route
    /// reflector (RFC 4456 §6): from a client to every peer, from a non-client to clients only.
    static func mayReflect(from source: PathSource, to target: ExportTarget, clusterID: UInt32?) -> Bool {
        guard !source.isLocal, !source.isExternal, !target.isExternal else { return true }
        guard clusterID != nil else { return false }
        return source.isReflectorClient || target.configuration.routeReflectorClient
    }

    /// The attributes sent to `target` for a route of `family`; nil when there is no usable
    /// next hop (no local address of the family configured for next hop self).
    public static func transform(_ attributes: AttributeSet, family: AddressFamily, from source: PathSource,
                                 to target: ExportTarget, configuration: RIBConfiguration) -> AttributeSet? {
        var out = attributes
        return transform(&out, family: family, from: source, to: target, configuration: configuration) ? out : nil
    }

    /// `transform` in place (the RIB interns the result without copying it again); false when
    /// there is no usable next hop, `attributes` then half transformed.
    static func transform(_ out: inout AttributeSet, family: AddressFamily, from source: PathSource,
                          to target: ExportTarget, configuration: RIBConfiguration) -> Bool {
        if !source.isLocal, !out.unknown.isEmpty { out.unknown = out.unknown.compactMap { passOn($0) } }
        if target.isExternal {
            prepend(target.configuration.localAS ?? configuration.localAS, to: &out.asPath)
            out.localPref = nil                       // §5.1.5: not sent to external peers
            out.originatorID = nil                    // RFC 4456 §8: optional non-transitive
            if !out.clusterList.isEmpty { out.clusterList = [] }
            if !source.isLocal { out.med = nil }      // §5.1.4: a received MED stays in its AS
            return setNextHopSelf(&out, family: family, target: target)
        }
        out.localPref = out.localPref ?? configuration.defaultLocalPreference
        if !source.isLocal && !source.isExternal, let clusterID = configuration.clusterID {
            // RFC 4456 §8: reflecting.
            out.originatorID = out.originatorID ?? source.routerID
            out.clusterList = [clusterID] + out.clusterList
        }
        if source.isLocal || target.configuration.nextHopSelf || out.nextHop == nil {
            return setNextHopSelf(&out, family: family, target: target)
        }
        out.linkLocalNextHop = nil  // RFC 2545 §3: a link-local next hop is only for its own link
        return true
    }

    /// AS_PATH with `asn` prepended to the leading AS_SEQUENCE (§5.1.2), a new one if needed.
    public static func prepending(_ asn: ASN, to path: ASPath) -> ASPath {
        var p = path
        prepend(asn, to: &p)
        return p
    }

    /// `prepending` in place; the new leading segment is built in one allocation.
    static func prepend(_ asn: ASN, to path: inout ASPath) {
        if let first = path.segments.first, first.type == .sequence, first.asns.count < 255 {
            var asns: [ASN] = []
            asns.reserveCapacity(first.asns.count + 1)
            asns.append(asn)
            asns.append(contentsOf: first.asns)
            path.segments[0].asns = asns
        } else {
            path.segments.insert(ASPathSegment(type: .sequence, asns: [asn]), at: 0)
        }
    }

    /// Next hop self (§5.1.3): our address on the session for the route's family; false when
    /// there is none.
    static func setNextHopSelf(_ out: inout AttributeSet, family: AddressFamily, target: ExportTarget) -> Bool {
        if family.afi == .ipv4 {
            guard let a = target.configuration.localIPv4 else { return false }
            out.nextHop = .v4(a)
            out.linkLocalNextHop = nil
        } else {
            guard let a = target.configuration.localIPv6 else { return false }
            out.nextHop = .v6(a)
            out.linkLocalNextHop = target.configuration.localIPv6LinkLocal
        }
        return true
    }

    /// RFC 4271 §5: unknown optional transitive attributes are passed on with Partial set,
    /// unknown optional non-transitive ones are not.
    static func passOn(_ u: UnknownAttribute) -> UnknownAttribute? {
        guard case .unknown(let passed)? = PathAttribute.unknown(u).passingOn() else { return nil }
        return passed
    }
}
