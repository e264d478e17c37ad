/// The text of tunnel failures: each errno a device or entry write meets is named, with the
/// kernel's extended-ACK text and the usual cause or remedy, and the device in the sentence.
import Kernel
import Testing

@Suite struct TunnelFailureTests {
    func text(_ errno: Int32, kind: String = "vxlan", operation: String = "create", ack: String? = nil) -> String {
        TunnelFailure(device: kind == "ipip" ? "tunl0" : "vxlan.calico", kind: kind, operation: operation,
                      what: "\(operation) device \(kind == "ipip" ? "tunl0" : "vxlan.calico")", errno: errno, extendedAck: ack).message
    }

    @Test func missingModuleNamesTheRemedy() {
        #expect(text(95, kind: "ipip", ack: "Unknown device type") == "create device tunl0: Operation not supported (EOPNOTSUPP): "
            + "Unknown device type (this kernel has no ipip support: load the ipip module (modprobe ipip) or use vxlanMode for the pool)")
        #expect(text(95, kind: "vxlan") == "create device vxlan.calico: Operation not supported (EOPNOTSUPP) "
            + "(this kernel has no vxlan support: load the vxlan module (modprobe vxlan) or use ipipMode for the pool)")
    }

    @Test func otherErrnos() {
        #expect(text(17, ack: "A VXLAN device with the specified VNI already exists") == "create device vxlan.calico: File exists (EEXIST): "
            + "A VXLAN device with the specified VNI already exists (a device with this name or the same VNI and port already exists; "
            + "it is adopted or fixed on the next pass)")
        #expect(text(19, operation: "change").hasSuffix("No such device (ENODEV) (the device is gone (deleted behind swiftletd's back); it is recreated on the next pass)"))
        #expect(text(1).hasSuffix("Operation not permitted (EPERM) (CAP_NET_ADMIN is needed to change devices)"))
        #expect(text(16, operation: "change").contains("Device or resource busy (EBUSY)"))
        #expect(text(98).contains("Address already in use (EADDRINUSE) (another device already uses this UDP port or VNI)"))
        #expect(text(42) == "create device vxlan.calico: errno 42", "an unknown errno is still named by number")
    }
}
