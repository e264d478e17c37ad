/// Import and export policy hooks (RFC 4271 §9.1.1 "Phase 1" import policy, §9.1.3 export
/// policy): a closure that sees a route's prefix and attributes and accepts, rejects or
/// rewrites it. The daemon builds them from "only pool routes" and Calico BGPFilter rules.
import BGPWire
import NetCore

/// What a policy decided for one route.
public enum PolicyVerdict: Hashable, Sendable {
    case accept
    case reject
    /// Accept with these attributes instead.
    case modify(AttributeSet)
}

/// A route policy. Import policies run after the RFC checks (AS loop, RFC 4456 loops) and
/// LOCAL_PREF defaulting, before the route enters the Adj-RIB-In; export policies run on the
/// Loc-RIB attributes before the eBGP/iBGP export transforms (as BIRD's export filter does).
public typealias RoutePolicy = @Sendable (_ prefix: IPPrefix, _ attributes: AttributeSet) -> PolicyVerdict
