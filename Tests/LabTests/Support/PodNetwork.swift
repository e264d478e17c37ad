/// Pods in a lab, made as Calico's CNI plugin makes them (until Swiftlet has its own): a network
/// namespace per pod and a veth pair, the host end `cali<hash>` in the node's namespace with
/// proxy ARP on (it answers the pod's ARP for the gateway 169.254.1.1 with its own MAC) and a
/// `<pod IP>/32 dev cali… scope link` route, the pod end `eth0` with the pod's /32 and
/// `default via 169.254.1.1 dev eth0 onlink`. Also the nodes' L2 segment with a gateway (proxy
/// ARP answers only when the node has a route to 169.254.1.1 through another interface, i.e. a
/// default route), `ping` from a pod, and a device's packet counters. Everything lives in lab
/// namespaces, so `Lab.tearDown()` removes it (a veth and its route go with their namespace).
import Foundation

/// One pod: its namespace, the node it runs on, its address and the host-side interface.
struct Pod: Sendable, CustomStringConvertible {
    let name: String
    let namespace: Namespace
    let node: Namespace
    let address: String
    /// `cali<hash>` in the node's namespace.
    let hostInterface: String

    var description: String { "\(name) \(address) (\(hostInterface) on \(node.label))" }

    /// `ping -c COUNT -i 0.2 -W 1 ADDRESS` from inside the pod.
    func ping(_ address: String, count: Int = 3) throws -> PingResult {
        let r = try namespace.exec(["ping", "-c", "\(count)", "-i", "0.2", "-W", "1", address], timeout: count + 5)
        return PingResult(status: r.status, output: r.stdout + r.stderr, sent: count)
    }

    /// The pod's neighbour entry for its gateway 169.254.1.1 (`ip neigh show`), empty if none.
    func gatewayNeighbour() -> String {
        ((try? namespace.ip(["neigh", "show", "169.254.1.1", "dev", "eth0"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// What `ping` printed: replies received and the average round trip.
struct PingResult: Sendable, CustomStringConvertible {
    let status: Int32
    let output: String
    let sent: Int

    /// "3 packets transmitted, 3 received, …" → 3.
    var received: Int {
        guard let range = output.range(of: #"(\d+) received"#, options: .regularExpression) else { return 0 }
        return Int(output[range].split(separator: " ").first ?? "") ?? 0
    }

    /// "rtt min/avg/max/mdev = 0.049/0.060/0.071/0.010 ms" → 0.060 (milliseconds).
    var averageRTT: Double? {
        guard let range = output.range(of: #"= [0-9.]+/[0-9.]+/"#, options: .regularExpression) else { return nil }
        return Double(output[range].dropFirst(2).split(separator: "/")[1])
    }

    /// Every echo answered.
    var succeeded: Bool { status == 0 && received == sent }

    var description: String { "ping exited \(status), \(received)/\(sent) replies:\n\(output)" }
}

/// A link's packet counters (`ip -s -j link show`).
struct LinkCounters: Sendable, CustomStringConvertible {
    let rxPackets: Int
    let txPackets: Int
    var description: String { "rx \(rxPackets) tx \(txPackets) packets" }
}

enum PodNetwork {
    /// Calico's host-side interface name for a workload: "cali" + the first 11 hex digits of
    /// SHA-1("<Kubernetes namespace>.<pod name>") (libcalico-go's VethNameForWorkload), 15
    /// characters, the kernel's limit. SHA-1 comes from coreutils' `sha1sum`.
    static func hostInterfaceName(kubernetesNamespace: String = "default", pod: String) throws -> String {
        let r = try Command.run(["sh", "-c", "printf %s \"$1\" | sha1sum", "sh", "\(kubernetesNamespace).\(pod)"])
        let digest = r.stdout.prefix(11)
        guard r.succeeded, digest.count == 11, digest.allSatisfy(\.isHexDigit) else {
            throw LabError("sha1sum of \(kubernetesNamespace).\(pod) failed: \(r.stderr)\(r.stdout)")
        }
        return "cali" + digest
    }

    /// The packet counters of `device` in `namespace`, nil when the device does not exist.
    static func counters(_ namespace: Namespace, _ device: String) -> LinkCounters? {
        guard let r = try? namespace.exec(["ip", "-s", "-j", "link", "show", "dev", device]), r.succeeded,
              let json = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]],
              let stats = json.first?["stats64"] as? [String: Any],
              let rx = (stats["rx"] as? [String: Any])?["packets"] as? Int,
              let tx = (stats["tx"] as? [String: Any])?["packets"] as? Int else { return nil }
        return LinkCounters(rxPackets: rx, txPackets: tx)
    }

    /// `ip -n NS route show proto 201` (swiftletd's routes), one per line, trimmed.
    static func swiftletRoutes(_ namespace: Namespace) -> [String] {
        ((try? namespace.ip(["route", "show", "proto", "201"])) ?? "").split(separator: "\n").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
    }

    /// The route swiftletd programmed for `prefix` in `namespace` (a line of `ip route`), or nil.
    static func swiftletRoute(_ namespace: Namespace, _ prefix: String) -> String? {
        swiftletRoutes(namespace).first { $0.hasPrefix(prefix + " ") }
    }
}

extension Namespace {
    /// `sysctl -qw KEY=VALUE` inside the namespace (net.* keys are per namespace).
    func sysctl(_ key: String, _ value: String) throws {
        let r = try exec(["sysctl", "-qw", "\(key)=\(value)"])
        guard r.succeeded else { throw LabError("sysctl \(key)=\(value) in \(self): \(r.stderr)") }
    }
}

extension Lab {
    /// The nodes' L2 segment: a bridge in its own namespace holding `gateway` (e.g.
    /// "192.0.2.1/24"), one veth port per node with `addresses[i]`, each node with a default
    /// route via the gateway and IPv4 forwarding on (a node routes its pods' traffic). The
    /// gateway namespace does not forward: a packet sent to it is dropped, so only a route to
    /// the other node itself (or its tunnel) delivers. Returns each node's interface name.
    func podSegment(_ nodes: [Namespace], addresses: [String], gateway: String) throws -> [String] {
        guard LabAddresses.isAllowed(gateway) else { throw LabError("gateway \(gateway) is not a documentation/CGNAT address") }
        let sw = try namespace("switch")
        try sw.ip(["link", "add", "br0", "type", "bridge"])
        try sw.ip(["addr", "add", gateway, "dev", "br0"])
        try sw.ip(["link", "set", "br0", "up"])
        var interfaces: [String] = []
        for (node, address) in zip(nodes, addresses) {
            guard LabAddresses.isAllowed(address) else { throw LabError("lab address \(address) is not a documentation/CGNAT address") }
            let link = try self.link(node, sw)
            try node.ip(["addr", "add", address, "dev", link.interfaceA])
            try sw.ip(["link", "set", link.interfaceB, "master", "br0"])
            try node.ip(["route", "add", "default", "via", LabAddresses.host(gateway)])
            try node.sysctl("net.ipv4.ip_forward", "1")
            interfaces.append(link.interfaceA)
        }
        return interfaces
    }

    /// A pod named `name` with `address` (a /32 of the node's block) on `node`.
    func pod(_ name: String, on node: Namespace, address: String) throws -> Pod {
        guard LabAddresses.isAllowed(address) else { throw LabError("pod address \(address) is not a documentation/CGNAT address") }
        let ns = try namespace(name)
        let cali = try PodNetwork.hostInterfaceName(pod: name)
        // Created directly in the two namespaces: no name ever appears in the root namespace.
        try Command.check(["ip", "link", "add", "eth0", "netns", ns.name, "type", "veth", "peer", "name", cali, "netns", node.name])
        // Calico's host side: a fixed MAC, proxy ARP answering at once (proxy_delay 0; the
        // default delays each answer by up to 0.8 s), the route delivering to the pod.
        try node.ip(["link", "set", cali, "address", "ee:ee:ee:ee:ee:ee"])
        try node.sysctl("net.ipv4.conf.\(cali).proxy_arp", "1")
        try node.sysctl("net.ipv4.neigh.\(cali).proxy_delay", "0")
        try node.ip(["link", "set", cali, "up"])
        try node.ip(["route", "add", "\(address)/32", "dev", cali, "scope", "link"])
        // The pod side: its /32 and the link-local gateway nobody has; proxy ARP answers for it.
        try ns.ip(["addr", "add", "\(address)/32", "dev", "eth0"])
        try ns.ip(["link", "set", "eth0", "up"])
        try ns.ip(["route", "add", "default", "via", "169.254.1.1", "dev", "eth0", "onlink"])
        return Pod(name: name, namespace: ns, node: node, address: address, hostInterface: cali)
    }
}

/// Calico v3 resources for pods over VXLAN (beside `CalicoYAML`).
enum PodYAML {
    /// An IPPool with its encapsulation: `vxlanMode` / `ipipMode` Always or Never.
    static func pool(_ name: String, _ cidr: String, vxlan: Bool) -> String {
        CalicoYAML.pool(name, cidr) + "\n  blockSize: 26\n  vxlanMode: \(vxlan ? "Always" : "Never")\n  ipipMode: Never"
    }

    /// A Node with its BGP address and, when given, its VXLAN tunnel address and MAC (set here,
    /// not allocated, so the test does not depend on allocation).
    static func node(_ name: String, v4: String, vtep: (address: String, mac: String)? = nil) -> String {
        var text = CalicoYAML.node(name, v4: v4)
        if let vtep { text += "\n  ipv4VXLANTunnelAddr: \(vtep.address)\n  vxlanTunnelMACAddr: \(vtep.mac)" }
        return text
    }
}
