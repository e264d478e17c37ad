/// CalicoModel: Calico v3 resources (BGPConfiguration, Node, BGPPeer, IPPool, BlockAffinity,
/// BGPFilter) as Swift value types, their strict YAML parsing and validation, Calico's label
/// selector language, and the pure semantics that turn all resources plus a node name into that
/// node's desired BGP configuration (`DesiredNodeConfig`), the basis of the Templater.
///
/// Pure: no file, socket or clock access, no Foundation. Callers hand in file contents
/// (`SourceFile`) and read password files themselves (`PasswordSource.file`).
/// Extension over Calico: the `swiftlet.io/hold-time` annotation (RFC 4271 §4.2 hold time).

import NetCore

/// Constants shared by the model and its semantics.
public enum CalicoModel {
    /// The only apiVersion accepted.
    public static let apiVersion = "projectcalico.org/v3"
    /// Calico's default AS number when neither the Node nor the BGPConfiguration sets one.
    public static let defaultASNumber = ASN(64512)
    /// The BGP port (RFC 4271 §8.2.1).
    public static let defaultListenPort: UInt16 = 179
}
