/// `RouteTableState`: the bookkeeping both route tables share — the desired set, the routes of
/// our protocol believed to be in the kernel, and the failures — plus planning a reconcile and
/// recording each write's outcome. No I/O: the tables feed it dumps and kernel answers.
///
/// Compact by design (docs/kernel.md, "Memory and speed"): a node's routes differ mostly in their
/// destination, so everything but the destination (and metric key) is interned. The desired set
/// maps each prefix to a `UInt32` id of its (kind, metric); the programmed set maps each
/// `RouteKey` to a `UInt32` id of its route with a placeholder destination; IPv4 keys are packed
/// (`FamilySplitMap`). One IPv4 route then costs two hash-table slots of 12 and 20 bytes instead
/// of two full `DesiredRoute`/`Route` values with a next-hop array each, and planning resolves
/// each distinct shape once instead of once per route.
import NetCore
import NetlinkWire

struct RouteTableState: Sendable {
    let configuration: RouteTableConfiguration
    /// Desired routes: prefix → id in `desiredShapes`.
    private(set) var desired = FamilySplitMap<IPPrefix, UInt32>()
    private var desiredShapes = InternTable<DesiredShape>()
    /// Routes of our protocol and table believed to be in the kernel: key → id in `routeShapes`.
    private(set) var programmed = FamilySplitMap<RouteKey, UInt32>()
    private var routeShapes = InternTable<Route>()
    var failures: [IPPrefix: RouteFailure] = [:]
    /// True until the first full sync, and again after an overrun.
    var needsResync = true
    var resyncCount = 0

    init(configuration: RouteTableConfiguration) { self.configuration = configuration }

    // MARK: the desired set

    /// Replaces the whole desired set; a later entry for a prefix wins.
    mutating func setDesired(_ routes: [DesiredRoute]) {
        desired = FamilySplitMap()
        desiredShapes = InternTable()
        let v4 = routes.count { if case .v4 = $0.prefix { true } else { false } }
        desired.reserveCapacity(v4: v4, v6: routes.count - v4)
        for r in routes { desired[r.prefix] = desiredShapes.id(DesiredShape(r)) }
    }

    mutating func setDesired(_ route: DesiredRoute) {
        desired[route.prefix] = desiredShapes.id(DesiredShape(route))
        // Ids of replaced routes are dropped only by compaction; bound the garbage.
        if desiredShapes.count > 2 * desired.count + 1024 { compactDesired() }
    }

    mutating func removeDesired(_ prefix: IPPrefix) { desired[prefix] = nil }

    func desiredRoute(_ prefix: IPPrefix) -> DesiredRoute? {
        desired[prefix].map { desiredShapes[$0].route(prefix) }
    }

    var sortedDesired: [DesiredRoute] { desired.sorted { $0.key < $1.key }.map { desiredShapes[$0.value].route($0.key) } }

    /// True when any desired route's kind satisfies `predicate` (each distinct kind is asked once).
    func anyDesiredKind(_ predicate: (DesiredRoute.Kind) -> Bool) -> Bool {
        var asked = [Bool](repeating: false, count: desiredShapes.count)
        for (_, id) in desired where !asked[Int(id)] {
            asked[Int(id)] = true
            if predicate(desiredShapes[id].kind) { return true }
        }
        return false
    }

    private mutating func compactDesired() {
        var shapes = InternTable<DesiredShape>()
        var remapped = FamilySplitMap<IPPrefix, UInt32>()
        remapped.reserveCapacity(like: desired)
        for (prefix, id) in desired { remapped[prefix] = shapes.id(desiredShapes[id]) }
        desired = remapped
        desiredShapes = shapes
    }

    // MARK: the programmed set

    /// The full route programmed under `key` with route shape `id`.
    func route(_ key: RouteKey, _ id: UInt32) -> Route {
        var r = routeShapes[id]
        r.destination = key.destination
        return r
    }

    private mutating func setProgrammed(_ route: Route) {
        programmed[RouteKey(route)] = routeShapes.id(Self.shape(route))
    }

    /// A route with its destination replaced by the family's default prefix: what routes that
    /// differ only in destination share. The family stays, since it decides the encoding.
    static func shape(_ route: Route) -> Route {
        var r = route
        switch route.destination {
        case .v4: r.destination = Self.v4Placeholder
        case .v6: r.destination = Self.v6Placeholder
        }
        return r
    }

    private static let v4Placeholder = IPPrefix.v4(IPv4Prefix(address: IPv4Address(rawValue: 0), length: 0)!)
    private static let v6Placeholder = IPPrefix.v6(IPv6Prefix(address: IPv6Address(high: 0, low: 0), length: 0)!)

    private mutating func compactProgrammed() {
        var shapes = InternTable<Route>()
        var remapped = FamilySplitMap<RouteKey, UInt32>()
        remapped.reserveCapacity(like: programmed)
        for (key, id) in programmed { remapped[key] = shapes.id(routeShapes[id]) }
        programmed = remapped
        routeShapes = shapes
    }

    /// Whether a dumped kernel route is one this table owns.
    func owns(_ route: Route) -> Bool {
        route.protocol == configuration.routeProtocol && route.table == configuration.table
    }

    /// Takes a fresh dump (any routes; foreign ones are filtered out here) as the truth.
    mutating func adopt(dump: [Route]) {
        programmed = FamilySplitMap()
        routeShapes = InternTable()
        for r in dump where owns(r) { setProgrammed(r) }
        needsResync = false
        resyncCount += 1
    }

    // MARK: planning

    /// The changes that bring the kernel from `programmed` to `desired`, in `RoutePlan`'s order:
    /// adds and replaces by key, then deletes by key. Desired routes whose interface cannot be
    /// resolved become failures and keep whatever we have for them.
    mutating func plan(index: (String) -> UInt32?) -> [PlannedChange] {
        // Ids from an earlier plan are never used again, so this is the safe point to compact.
        if routeShapes.count > 2 * programmed.count + 1024 { compactProgrammed() }
        if desiredShapes.count > 2 * desired.count + 1024 { compactDesired() }
        // Each distinct (shape, family) is resolved once: a route shape id, or why it cannot be.
        var resolvedV4 = [Result<UInt32, DesiredRoute.ResolveError>?](repeating: nil, count: desiredShapes.count)
        var resolvedV6 = resolvedV4
        func resolve(_ id: UInt32, _ prefix: IPPrefix) -> Result<UInt32, DesiredRoute.ResolveError> {
            let isV4: Bool
            if case .v4 = prefix { isV4 = true } else { isV4 = false }
            if let known = isV4 ? resolvedV4[Int(id)] : resolvedV6[Int(id)] { return known }
            let placeholder = isV4 ? Self.v4Placeholder : Self.v6Placeholder
            let result: Result<UInt32, DesiredRoute.ResolveError>
            do {
                result = .success(routeShapes.id(try desiredShapes[id].route(placeholder).route(configuration, index: index)))
            } catch {
                result = .failure(error)
            }
            if isV4 { resolvedV4[Int(id)] = result } else { resolvedV6[Int(id)] = result }
            return result
        }
        /// The key a resolved desired route is programmed under: its metric is explicit.
        func key(_ prefix: IPPrefix, _ shape: UInt32) -> RouteKey {
            RouteKey(destination: prefix, metric: routeShapes[shape].metric ?? prefix.defaultKernelMetric)
        }

        var writes: [PlannedChange] = []
        writes.reserveCapacity(desired.count)  // the most there can be; no regrowth
        var unresolved = Set<IPPrefix>()
        for (prefix, id) in desired {
            let shape: UInt32
            switch resolve(id, prefix) {
            case .success(let s): shape = s
            case .failure(let error):
                unresolved.insert(prefix)
                failures[prefix] = Self.resolveFailure(desiredShapes[id].route(prefix), error, configuration)
                continue
            }
            let k = key(prefix, shape)
            if let present = programmed[k] {
                // The same interned route is trivially satisfied; else compare as RoutePlan does.
                if present != shape && !route(k, shape).isSatisfied(by: route(k, present)) {
                    writes.append(PlannedChange(.replace, k, shape))
                }
            } else {
                writes.append(PlannedChange(.add, k, shape))
            }
        }
        writes.sort { $0.key < $1.key }
        var deletes: [PlannedChange] = []
        for (k, id) in programmed where !unresolved.contains(k.destination) {
            if let d = desired[k.destination], case .success(let shape) = resolve(d, k.destination),
               key(k.destination, shape) == k { continue }
            deletes.append(PlannedChange(.delete, k, id))
        }
        deletes.sort { $0.key < $1.key }
        failures = failures.filter { desired[$0.key] != nil || $0.value.operation == "delete" }
        writes.append(contentsOf: deletes)
        return writes
    }

    /// The full request a planned change stands for.
    func change(_ p: PlannedChange) -> RouteChange {
        let r = route(p.key, p.shape)
        switch p.verb {
        case .add: return .add(r)
        case .replace: return .replace(r)
        case .delete: return .delete(r)
        }
    }

    /// Makes room for the adds of a plan at once, so recording them never rehashes.
    mutating func reserve(for plan: [PlannedChange]) {
        var v4 = 0, v6 = 0
        for p in plan where p.verb == .add {
            if case .v4 = p.key.destination { v4 += 1 } else { v6 += 1 }
        }
        programmed.reserveCapacity(v4: v4, v6: v6)
    }

    /// Records the kernel's answer to one write: nil errno is success.
    mutating func record(_ p: PlannedChange, errno: Int32?, extendedAck: String?, into report: inout ApplyReport) {
        let gone = p.verb == .delete && (errno == ErrnoName.esrch || errno == ErrnoName.enoent)
        if let errno, !gone {
            report.failed += 1
            let verb = change(p).verb
            failures[p.key.destination] = RouteFailure(route: route(p.key, p.shape), operation: verb, errno: errno, extendedAck: extendedAck)
            return
        }
        switch p.verb {
        case .add: report.added += 1; programmed[p.key] = p.shape
        case .replace: report.replaced += 1; programmed[p.key] = p.shape
        case .delete: report.deleted += 1; programmed[p.key] = nil
        }
        if p.verb != .delete || desired[p.key.destination] == nil {
            if !failures.isEmpty { failures[p.key.destination] = nil }
        }
    }

    func status() -> RouteTableStatus {
        RouteTableStatus(
            configuration: configuration,
            programmed: programmed.sorted { $0.key < $1.key }.map { route($0.key, $0.value) },
            failures: failures.keys.sorted().compactMap { failures[$0] },
            needsResync: needsResync, resyncCount: resyncCount)
    }

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

/// One write of a plan, compact (32 bytes): what to do, under which key, with which route shape.
struct PlannedChange: Hashable, Sendable {
    enum Verb: UInt8, Sendable { case add, replace, delete }
    var verb: Verb
    var key: RouteKey
    var shape: UInt32

    init(_ verb: Verb, _ key: RouteKey, _ shape: UInt32) {
        self.verb = verb
        self.key = key
        self.shape = shape
    }
}

/// Everything of a desired route but its prefix: what many routes share.
struct DesiredShape: Hashable, Sendable {
    var kind: DesiredRoute.Kind
    var metric: UInt32?

    init(_ r: DesiredRoute) {
        kind = r.kind
        metric = r.metric
    }

    func route(_ prefix: IPPrefix) -> DesiredRoute { DesiredRoute(prefix: prefix, kind: kind, metric: metric) }
}

/// Each distinct value stored once and named by a dense `UInt32` id. Values are never removed
/// one by one: the owner rebuilds the table (compaction) when it holds too many unused ones.
struct InternTable<Value: Hashable & Sendable>: Sendable {
    private var values: [Value] = []
    private var ids: [Value: UInt32] = [:]

    var count: Int { values.count }

    subscript(id: UInt32) -> Value { values[Int(id)] }

    mutating func id(_ value: Value) -> UInt32 {
        if let id = ids[value] { return id }
        let id = UInt32(values.count)
        values.append(value)
        ids[value] = id
        return id
    }
}
