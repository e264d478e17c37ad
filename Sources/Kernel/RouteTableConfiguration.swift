/// `RouteTableConfiguration`: which routes a route table owns (route protocol number and
/// table id) and how it talks to the kernel.
import NetlinkWire

public struct RouteTableConfiguration: Hashable, Sendable {
    /// rtm_protocol stamped on every route Swiftlet writes, and the only protocol whose routes
    /// it ever changes or deletes.
    public var routeProtocol: RouteProtocol
    /// Routing table id (RT_TABLE_MAIN = 254 by default).
    public var table: UInt32
    /// Requests per sendmsg; the last one of each batch asks for the ACK.
    public var batchSize: Int
    /// How long to wait for the kernel's answer to one batch or one dump datagram.
    public var replyTimeoutMilliseconds: Int32
    /// SO_RCVBUF(FORCE) for the netlink socket.
    public var receiveBufferBytes: Int32

    /// 201: unassigned in iproute2's rt_protos (which lists up to 192, eigrp) and far from the
    /// numbers of the routing software Swiftlet may share a node with: BIRD 12, Felix 80,
    /// FRR/zebra 186–192 (bgp, isis, ospf, rip, eigrp), keepalived 18, babel 42, openr 99.
    /// RTPROT_STATIC is 4 and values above it are never interpreted by the kernel.
    public static let defaultProtocol = RouteProtocol(201)

    /// RT_TABLE_MAIN (NetlinkWire's `RouteTable.main`, which this module's `RouteTable`
    /// protocol hides).
    public static let mainTable: UInt32 = 254

    public init(
        routeProtocol: RouteProtocol = RouteTableConfiguration.defaultProtocol,
        table: UInt32 = RouteTableConfiguration.mainTable,
        batchSize: Int = 512,
        replyTimeoutMilliseconds: Int32 = 5000,
        receiveBufferBytes: Int32 = 8 << 20
    ) {
        self.routeProtocol = routeProtocol
        self.table = table
        self.batchSize = max(1, batchSize)
        self.replyTimeoutMilliseconds = replyTimeoutMilliseconds
        self.receiveBufferBytes = receiveBufferBytes
    }
}
