/// Shorthands for the Kernel tests: prefixes and addresses from literals, and the protocol
/// number the tests program with.
import Kernel
import NetCore
import NetlinkWire

func prefix(_ s: String) -> IPPrefix {
    guard let p = IPPrefix(s) else { fatalError("bad test prefix \(s)") }
    return p
}

func address(_ s: String) -> IPAddress {
    guard let a = IPAddress(s) else { fatalError("bad test address \(s)") }
    return a
}

let ours = RouteTableConfiguration.defaultProtocol

func hop(_ gateway: String, _ interface: InterfaceReference? = nil, onlink: Bool = false) -> DesiredNextHop {
    DesiredNextHop(gateway: address(gateway), interface: interface, onlink: onlink)
}
