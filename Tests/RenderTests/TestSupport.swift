/// Shared pieces of the Render tests: scratch directories, running a command, the package's
/// paths, and a rich set of Calico resources that exercises every context field.
import CalicoModel
import Foundation
@testable import Render

/// A scratch directory for one test, removed afterwards.
final class Scratch {
    let path: String

    init(_ label: String) throws {
        path = "/tmp/swl-render-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `<dir>/<name>` (creating subdirectories) and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let full = "\(path)/\(name)"
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    func read(_ name: String) -> String? { try? String(contentsOfFile: "\(path)/\(name)", encoding: .utf8) }

    /// The directory's entries, sorted (dotfiles included: staged files start with a dot).
    var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

enum Paths {
    /// The package root, from this file's path (Tests/RenderTests/TestSupport.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let birdTemplate = packageRoot.appendingPathComponent("config/templates/bird.cfg.mustache").path
    static let renderDoc = packageRoot.appendingPathComponent("docs/render.md").path
    static let confdRoot = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/calico-confd")
    static var confdAvailable: Bool { FileManager.default.fileExists(atPath: confdRoot.path) }
    static let bird = "/usr/sbin/bird"
}

/// Runs a program and returns its exit status and combined output.
func runProgram(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The inode of a file (a rename replaces it; an in-place write would not).
func inode(_ path: String) -> UInt64? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? UInt64
}

func permissions(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
}

enum Resources {
    /// A dual-stack node in a cluster that uses every feature the context carries: a mesh peer,
    /// a route reflector client, global and node-specific peers with password, TTL security,
    /// keepalive, hold time, restart time, next-hop modes, local AS, reachableBy, filters with
    /// every kind of rule, pools of every encapsulation, blocks and prefix advertisements.
    static let rich = """
    apiVersion: projectcalico.org/v3
    kind: BGPConfiguration
    metadata:
      name: default
      annotations:
        swiftlet.io/hold-time: "30s"
    spec:
      asNumber: 64512
      logSeverityScreen: Debug
      listenPort: 1790
      ignoredInterfaces: [eth9, "veth*"]
      communities:
        - name: pods
          value: "64512:100"
      prefixAdvertisements:
        - cidr: 100.64.0.0/16
          communities: [pods, "64512:1:2"]
        - cidr: 2001:db8:200::/48
          communities: ["65000:7"]
    ---
    apiVersion: projectcalico.org/v3
    kind: Node
    metadata:
      name: node-1
    spec:
      bgp:
        ipv4Address: 192.0.2.10/24
        ipv6Address: 2001:db8::10/64
        routeReflectorClusterID: 203.0.113.1
    ---
    apiVersion: projectcalico.org/v3
    kind: Node
    metadata:
      name: node-2
      labels:
        rr-client: "true"
    spec:
      bgp:
        ipv4Address: 192.0.2.20/24
        ipv4IPIPTunnelAddr: 100.64.9.1
      ipv4VXLANTunnelAddr: 100.64.9.2
      vxlanTunnelMACAddr: "66:00:00:00:00:02"
    ---
    apiVersion: projectcalico.org/v3
    kind: BGPPeer
    metadata:
      name: clients
    spec:
      node: node-1
      peerSelector: rr-client == "true"
    ---
    apiVersion: projectcalico.org/v3
    kind: BGPPeer
    metadata:
      name: tor-a
    spec:
      peerIP: 198.51.100.1:1179
      asNumber: 65000
      localASNumber: 64999
      keepaliveTime: 5s
      maxRestartTime: 2m
      ttlSecurity: 2
      nextHopMode: Self
      numAllowedLocalASNumbers: 1
      filters: [edge, v6-only]
      reachableBy: 192.0.2.1
      password:
        secretKeyRef:
          name: bgp-secrets
          key: tor-a
    ---
    apiVersion: projectcalico.org/v3
    kind: BGPPeer
    metadata:
      name: tor-b
      annotations:
        swiftlet.io/hold-time: "9s"
    spec:
      node: node-1
      peerIP: 2001:db8:100::1
      asNumber: 65000
      sourceAddress: None
      keepOriginalNextHop: true
      filters: [v6-only]
    ---
    apiVersion: projectcalico.org/v3
    kind: BGPFilter
    metadata:
      name: edge
    spec:
      exportV4:
        - action: Accept
          matchOperator: In
          cidr: 100.64.0.0/16
          prefixLength: {min: 24, max: 26}
        - action: Reject
          matchOperator: NotIn
          cidr: 100.64.0.0/10
        - action: Accept
          matchOperator: Equal
          cidr: 100.65.0.0/16
          source: RemotePeers
        - action: Reject
          matchOperator: NotEqual
          cidr: 100.66.0.0/16
          interface: "eth*"
        - action: Reject
      importV4:
        - action: Reject
          source: RemotePeers
          interface: "*.calico"
    ---
    apiVersion: projectcalico.org/v3
    kind: BGPFilter
    metadata:
      name: v6-only
    spec:
      importV6:
        - action: Accept
          matchOperator: In
          cidr: 2001:db8:300::/48
    ---
    apiVersion: projectcalico.org/v3
    kind: IPPool
    metadata:
      name: direct
    spec:
      cidr: 100.64.0.0/16
      ipipMode: Never
      vxlanMode: Never
      natOutgoing: true
    ---
    apiVersion: projectcalico.org/v3
    kind: IPPool
    metadata:
      name: ipip
    spec:
      cidr: 100.65.0.0/16
      ipipMode: CrossSubnet
    ---
    apiVersion: projectcalico.org/v3
    kind: IPPool
    metadata:
      name: private
    spec:
      cidr: 100.66.0.0/16
      vxlanMode: Always
      disableBGPExport: true
    ---
    apiVersion: projectcalico.org/v3
    kind: IPPool
    metadata:
      name: pods-v6
    spec:
      cidr: 2001:db8:200::/48
      blockSize: 122
    ---
    apiVersion: projectcalico.org/v3
    kind: BlockAffinity
    metadata:
      name: node-1-block-v4
    spec:
      node: node-1
      cidr: 100.64.1.0/26
      state: confirmed
    ---
    apiVersion: projectcalico.org/v3
    kind: BlockAffinity
    metadata:
      name: node-1-block-v6
    spec:
      node: node-1
      cidr: 2001:db8:200::/122
      state: confirmed
    """

    /// The desired configuration of `node` in `text`, with password files under `secrets`.
    static func config(_ text: String = rich, node: String = "node-1", secrets: String = "/nonexistent") throws -> DesiredNodeConfig {
        let resources = try ResourceSet.load(path: "rich.yaml", contents: text)
        return try DesiredNodeConfig.compute(resources: resources, nodeName: node, secretsDirectory: secrets)
    }
}
