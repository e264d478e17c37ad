/// The checks a received route passes before the import policy (RFC 4271 §9.1.2 AS loops,
/// RFC 4456 §8 reflection loops) and the LOCAL_PREF it is given (RFC 4271 §5.1.5: ignored from
/// eBGP, so every learned route is compared with a LOCAL_PREF; iBGP routes without one get the
/// default).
import BGPWire
import NetCore

/// Why a received route was not accepted.
public enum ImportRejection: Error, Hashable, Sendable {
    /// Our AS appears in AS_PATH more often than the peer's allowance (RFC 4271 §9.1.2).
    case asLoop
    /// ORIGINATOR_ID is our router ID (RFC 4456 §8).
    case originatorIsSelf
    /// CLUSTER_LIST holds our cluster ID (RFC 4456 §8).
    case clusterLoop
    /// The import policy rejected it.
    case policy
}

/// RFC checks and defaults applied to every learned route.
public enum ImportRules {
    /// True when `path` holds any of `localASes` more than `allowed` times in total.
    public static func hasASLoop(_ path: ASPath, localASes: [ASN], allowed: Int) -> Bool {
        var seen = 0
        for segment in path.segments {
            for asn in segment.asns where localASes.contains(asn) { seen += 1 }
        }
        return seen > allowed
    }

    /// RFC 4456 §8: a reflected route that comes back to its originator or its cluster.
    public static func reflectionLoop(_ attributes: AttributeSet, routerID: RouterID,
                                      clusterID: UInt32?) -> ImportRejection? {
        if attributes.originatorID == routerID { return .originatorIsSelf }
        if let clusterID, attributes.clusterList.contains(clusterID) { return .clusterLoop }
        return nil
    }

    /// The attributes as they enter the Adj-RIB-In, or why they do not.
    public static func check(_ attributes: AttributeSet, peer: PeerConfiguration, session: PeerSession,
                             configuration: RIBConfiguration) -> Result<AttributeSet, ImportRejection> {
        var localASes = [configuration.localAS]
        if let override = peer.localAS, override != configuration.localAS { localASes.append(override) }
        if hasASLoop(attributes.asPath, localASes: localASes, allowed: peer.allowedLocalASOccurrences) {
            return .failure(.asLoop)
        }
        if session.isInternal,
           let loop = reflectionLoop(attributes, routerID: configuration.routerID, clusterID: configuration.clusterID) {
            return .failure(loop)
        }
        var accepted = attributes
        if !session.isInternal {
            // RFC 4271 §5.1.5; RFC 4456 attributes never cross an AS border (RFC 7606 §7.9, §7.10).
            accepted.localPref = configuration.defaultLocalPreference
            accepted.originatorID = nil
            accepted.clusterList = []
        } else if accepted.localPref == nil {
            accepted.localPref = configuration.defaultLocalPreference
        }
        return .success(accepted)
    }
}
