/// `RouteTableState`: the bookkeeping both route tables share — the desired set, the routes of
/// our protocol believed to be in the kernel, and the failures — plus planning a reconcile and
/// recording each write's outcome. No I/O: the tables feed it dumps and kernel answers.
import NetCore
import NetlinkWire

struct RouteTableState: Sendable {
    let configuration: RouteTableConfiguration
    var desired: [IPPrefix: DesiredRoute] = [:]
    /// Routes of our protocol and table believed to be in the kernel.
    var programmed: [RouteKey: Route] = [:]
    var failures: [IPPrefix: RouteFailure] = [:]
    /// True until the first full sync, and again after an overrun.
    var needsResync = true
    var resyncCount = 0

    init(configuration: RouteTableConfiguration) { self.configuration = configuration }

    mutating func setDesired(_ routes: [DesiredRoute]) {
        desired = [:]
        for r in routes { desired[r.prefix] = r }
    }

    /// Whether a dumped kernel route is one this table owns.
    func owns(_ route: Route) -> Bool {
        route.protocol == configuration.routeProtocol && route.table == configuration.table
    }

    /// Takes a fresh dump (any routes; foreign ones are filtered out here) as the truth.
    mutating func adopt(dump: [Route]) {
        programmed = [:]
        for r in dump where owns(r) { programmed[RouteKey(r)] = r }
        needsResync = false
        resyncCount += 1
    }

    /// The changes that bring the kernel from `programmed` to `desired`. Desired routes whose
    /// interface cannot be resolved become failures and keep whatever we have for them.
    mutating func plan(index: (String) -> UInt32?) -> RoutePlan {
        var wanted: [RouteKey: Route] = [:]
        var unresolved = Set<IPPrefix>()
        for (prefix, d) in desired {
            do {
                let r = try d.route(configuration, index: index)
                wanted[RouteKey(r)] = r
            } catch {
                unresolved.insert(prefix)
                failures[prefix] = Self.resolveFailure(d, error, configuration)
            }
        }
        let keep = Set(programmed.keys.filter { unresolved.contains($0.destination) })
        failures = failures.filter { desired[$0.key] != nil || $0.value.operation == "delete" }
        return RoutePlan(desired: wanted, current: programmed, keep: keep)
    }

    /// Records the kernel's answer to one write: nil errno is success.
    mutating func record(_ change: RouteChange, errno: Int32?, extendedAck: String?, into report: inout ApplyReport) {
        let route = change.route
        let key = RouteKey(route)
        let gone = change.verb == "delete" && (errno == ErrnoName.esrch || errno == ErrnoName.enoent)
        if let errno, !gone {
            report.failed += 1
            failures[route.destination] = RouteFailure(route: route, operation: change.verb, errno: errno, extendedAck: extendedAck)
            return
        }
        switch change {
        case .add: report.added += 1; programmed[key] = route
        case .replace: report.replaced += 1; programmed[key] = route
        case .delete: report.deleted += 1; programmed[key] = nil
        }
        if change.verb != "delete" || desired[route.destination] == nil { failures[route.destination] = nil }
    }

    func status() -> RouteTableStatus {
        RouteTableStatus(
            configuration: configuration,
            programmed: programmed.keys.sorted().compactMap { programmed[$0] },
            failures: failures.keys.sorted().compactMap { failures[$0] },
            needsResync: needsResync, resyncCount: resyncCount)
    }

    var sortedDesired: [DesiredRoute] { desired.keys.sorted().compactMap { desired[$0] } }

    private static func resolveFailure(_ d: DesiredRoute, _ error: DesiredRoute.ResolveError,
                                       _ configuration: RouteTableConfiguration) -> RouteFailure {
        let route = (try? d.route(configuration, index: { _ in 0 })) ?? Route(destination: d.prefix, table: configuration.table,
                                                                            protocol: configuration.routeProtocol)
        switch error {
        case .unknownInterface(let name):
            return RouteFailure(route: route, operation: "resolve", errno: ErrnoName.enodev, extendedAck: nil,
                                detail: "no interface named \(name) in this network namespace")
        case .noNextHops:
            return RouteFailure(route: route, operation: "resolve", errno: ErrnoName.einval, extendedAck: nil,
                                detail: "a via route needs at least one gateway")
        }
    }
}
