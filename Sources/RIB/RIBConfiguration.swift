/// Node-wide RIB settings: our AS and router ID, the route-reflector cluster ID (RFC 4456 §7),
/// the default LOCAL_PREF (RFC 4271 §5.1.5) and the multipath limits.
import BGPWire
import NetCore

/// Node-wide settings of the RIB.
public struct RIBConfiguration: Hashable, Sendable {
    public var localAS: ASN
    public var routerID: RouterID
    /// Set on a route reflector (Calico routeReflectorClusterID, RFC 4456 §7).
    public var clusterID: UInt32?
    /// LOCAL_PREF given to routes that arrive without one (eBGP, RFC 4271 §5.1.5), and sent to
    /// iBGP peers.
    public var defaultLocalPreference: UInt32
    /// Largest multipath set kept per prefix (1: best path only).
    public var maximumPaths: Int
    /// Allow eBGP paths from different neighbouring ASes in one multipath set (FRR's
    /// "as-path multipath-relax").
    public var multipathRelaxNeighborAS: Bool

    public init(localAS: ASN, routerID: RouterID, clusterID: UInt32? = nil, defaultLocalPreference: UInt32 = 100,
                maximumPaths: Int = 16, multipathRelaxNeighborAS: Bool = false) {
        self.localAS = localAS; self.routerID = routerID; self.clusterID = clusterID
        self.defaultLocalPreference = defaultLocalPreference; self.maximumPaths = maximumPaths
        self.multipathRelaxNeighborAS = multipathRelaxNeighborAS
    }
}
