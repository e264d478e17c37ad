/// BIRDConfigSummary: the BIRD configuration reader shared by the golden suite and RenderTests.
import Foundation
import Testing
import Templater

@Suite struct BIRDConfigSummaryTests {
    static let calicoStyle = """
    router id 10.192.0.2;
    listen bgp address 10.192.0.2 port 150;
    include "bird_aggr.cfg";
    define LOCAL_AS = 64512;
    # a comment with { braces }
    function 'bgp_f_importFilterV4'(bool internal_peer) {
      if ((net ~ 44.0.0.0/16)) then { accept; }
    }
    filter calico_kernel_programming {
      if (net ~ 192.168.0.0/16) then { reject; } # Felix does these
      accept;
    }
    template bgp bgp_template {
      debug { states, routes, filters, events };
      description "Connection to BGP peer";
      local as 64512;
      graceful restart;
      keepalive time 20;
    }
    template bgp rr_template from bgp_template {
      rr client;
      rr cluster id 10.0.0.1;
    }
    protocol bgp Mesh_10_192_0_3 from bgp_template {
      neighbor 10.192.0.3 as 64512;
      source address 10.192.0.2;  # The local address we use for the TCP connection
      ttl security off;
      multihop;
      passive on;
      password "s3cr;et";
      graceful restart time 120;
      import filter {
        if (defined(bgp_local_pref)&&(bgp_local_pref > 2147482623)) then
          preference = 200;
        accept;
      };
      export filter calico_kernel_programming;
      next hop keep;
    }
    protocol bgp Node_10_192_0_4_port_177 from rr_template {
      neighbor 10.192.0.4 port 177 as 64567;
      local as 64513;
      ttl security on;
      multihop 1;
      allow local as 1;
      hold time 90;
    }
    /* static routes
       spanning lines */
    template static static_template {
       route 10.0.0.0/30 blackhole;
       route 192.168.221.64/26 unreachable;
    }
    protocol static from static_template {
       route 10.96.0.0/12 via 10.224.0.1;
    }
    protocol kernel { export all; }
    """

    @Test func readsCalicoStyleConfig() throws {
        let s = try BIRDConfigSummary(parsing: Self.calicoStyle)
        #expect(s.routerID == "10.192.0.2")
        #expect(s.listenAddress == "10.192.0.2")
        #expect(s.listenPort == 150)
        #expect(s.includes == ["bird_aggr.cfg"])
        #expect(s.defines["LOCAL_AS"] == "64512")
        #expect(s.functions["bgp_f_importFilterV4"]?.parameters == "bool internal_peer")
        #expect(s.functions["bgp_f_importFilterV4"]?.body == "if ((net ~ 44.0.0.0/16)) then { accept; }")
        #expect(BIRDConfigSummary.normalizedCode(s.filters["calico_kernel_programming"] ?? "")
                == "if (net ~ 192.168.0.0/16) then { reject; } accept;")
        #expect(s.peers.map(\.name) == ["Mesh_10_192_0_3", "Node_10_192_0_4_port_177"])
        #expect(s.otherProtocols == ["kernel"])

        let mesh = try #require(s.peer(named: "Mesh_10_192_0_3"))
        #expect(mesh.template == "bgp_template")
        #expect(mesh.description == "Connection to BGP peer")
        #expect(mesh.neighborAddress == "10.192.0.3")
        #expect(mesh.neighborPort == nil)
        #expect(mesh.neighborAS == 64512)
        #expect(mesh.localAS == 64512)
        #expect(mesh.sourceAddress == "10.192.0.2")
        #expect(mesh.ttlSecurity == false)
        #expect(mesh.multihop == .multihop(nil))
        #expect(mesh.passive == true)
        #expect(mesh.password == "s3cr;et")
        #expect(mesh.gracefulRestart == "on")
        #expect(mesh.gracefulRestartTime == 120)
        #expect(mesh.keepaliveTime == 20)
        #expect(mesh.rrClient == nil)
        #expect(mesh.nextHop == .keep)
        #expect(mesh.exportFilter == .named("calico_kernel_programming"))
        guard case .inline(let body)? = mesh.importFilter else {
            Issue.record("expected an inline import filter, got \(String(describing: mesh.importFilter))")
            return
        }
        #expect(BIRDConfigSummary.normalizedCode(body)
                == "if (defined(bgp_local_pref)&&(bgp_local_pref > 2147482623)) then preference = 200; accept;")
        #expect(mesh.otherStatements == ["debug { states, routes, filters, events }"])

        let rr = try #require(s.peer(named: "Node_10_192_0_4_port_177"))
        #expect(rr.template == "rr_template")
        #expect(rr.neighborPort == 177)
        #expect(rr.neighborAS == 64567)
        #expect(rr.localAS == 64513)
        #expect(rr.rrClient == true)
        #expect(rr.rrClusterID == "10.0.0.1")
        #expect(rr.ttlSecurity == true)
        #expect(rr.multihop == .multihop(1))
        #expect(rr.allowLocalAS == 1)
        #expect(rr.holdTime == 90)
        #expect(rr.keepaliveTime == 20, "inherited through two templates")
        #expect(s.bgpTemplates["rr_template"]?.localAS == 64512)

        #expect(s.staticRoutes.map(\.description) == [
            "route 10.0.0.0/30 blackhole", "route 192.168.221.64/26 unreachable", "route 10.96.0.0/12 via 10.224.0.1",
        ])
        #expect(s.staticRoutes.allSatisfy { $0.protocolName == "static1" })
    }

    @Test func readsBIRD2Channels() throws {
        let text = """
        protocol bgp peer1 {
          local 192.0.2.1 port 1790 as 65001;
          neighbor 192.0.2.2%eth0 as 65002;
          direct;
          ipv4 {
            import all;
            export filter { if net ~ 198.51.100.0/24 then accept; reject; };
            next hop self;
            add paths on;
          };
          ipv6 { import none; export where net ~ 2001:db8::/32; }
        }
        protocol static blocks { ipv4; route 198.51.100.0/26 blackhole; route 203.0.113.0/24 recursive 192.0.2.9; }
        """
        let s = try BIRDConfigSummary(parsing: text)
        let p = try #require(s.peer(named: "peer1"))
        #expect(p.sourceAddress == "192.0.2.1")
        #expect(p.localPort == 1790)
        #expect(p.localAS == 65001)
        #expect(p.neighborAddress == "192.0.2.2")
        #expect(p.neighborInterface == "eth0")
        #expect(p.multihop == .direct)
        #expect(p.channels.map(\.name) == ["ipv4", "ipv6"])
        #expect(p.effectiveImport(channel: "ipv4") == .all)
        #expect(p.effectiveExport(channel: "ipv4") == .inline("if net ~ 198.51.100.0/24 then accept; reject;"))
        #expect(p.effectiveNextHop(channel: "ipv4") == .self)
        #expect(p.effectiveImport(channel: "ipv6") == .nothing)
        #expect(p.effectiveExport(channel: "ipv6") == .where("net ~ 2001:db8::/32"))
        #expect(p.channels.first?.otherStatements == ["add paths on"])
        #expect(s.staticRoutes == [
            BIRDStaticRoute(prefix: "198.51.100.0/26", kind: .blackhole, protocolName: "blocks"),
            BIRDStaticRoute(prefix: "203.0.113.0/24", kind: .recursive("192.0.2.9"), protocolName: "blocks"),
        ])
    }

    @Test func mergingAddsIncludedFiles() throws {
        let main = try BIRDConfigSummary(parsing: "router id 192.0.2.1;\ninclude \"aggr.cfg\";")
        let aggr = try BIRDConfigSummary(parsing: "protocol static { route 198.51.100.0/26 blackhole; }")
        let merged = main.merging(aggr)
        #expect(merged.routerID == "192.0.2.1")
        #expect(merged.staticRoutes.map(\.prefix) == ["198.51.100.0/26"])
    }

    /// Bad input: each error names the line and what is wrong.
    @Test(arguments: [
        ("protocol bgp a {\n  neighbor 192.0.2.1 as 65000;\n", 1, "'{' is never closed by '}'"),
        ("router id 192.0.2.1;\n}\n", 2, "'}' without a matching '{'"),
        ("protocol bgp a {\n  password \"abc;\n}\n", 2, "string is never closed"),
        ("/* open\n comment", 1, "comment '/*' is never closed by '*/'"),
        ("protocol bgp a {\n neighbor 192.0.2.1 as 4294967296;\n}", 2, "neighbor AS '4294967296' is not a number from 0 to 4294967295"),
        ("protocol bgp a from nosuch {\n}", 1, "bgp a inherits from 'nosuch', which is not a bgp template defined above"),
        ("protocol bgp a {\n passive maybe;\n}", 2, "'passive maybe': expected on or off, found 'maybe'"),
        ("router id 192.0.2.1", 1, "the last statement is not ended by ';'"),
        ("protocol bgp a {\n neighbor port 99999;\n}", 2, "neighbor port '99999' is not a number from 0 to 65535"),
    ])
    func rejectsBadInput(_ text: String, _ line: Int, _ message: String) {
        #expect(throws: BIRDConfigError(line: line, message)) { try BIRDConfigSummary(parsing: text) }
    }

    /// Every BIRD file Calico compiled parses, and every `protocol bgp` in it has a neighbor and AS.
    @Test func parsesEveryCalicoCompiledFile() throws {
        guard ConfdFixtures.available else {
            print(ConfdFixtures.skipMessage)
            return
        }
        let files = ConfdFixtures.compiledFiles()
        #expect(files.count > 400, "expected the whole compiled_templates tree, found \(files.count) files")
        for file in files {
            let text = try #require(ConfdFixtures.read(ConfdFixtures.compiledRoot.appendingPathComponent(file)))
            let summary = try BIRDConfigSummary(parsing: text)
            for peer in summary.peers {
                #expect(peer.neighborAddress != nil && peer.neighborAS != nil, "\(file): \(peer.name)")
            }
            #expect(summary.otherStatements.isEmpty, "\(file): unmodelled top-level statements \(summary.otherStatements)")
        }
    }
}
