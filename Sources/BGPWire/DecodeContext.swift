import NetCore

/// What the session negotiated that changes how bytes are read (RFC 6793 4-octet AS,
/// RFC 7911 ADD-PATH receive per family, RFC 8654 Extended Messages). Decoding an MRT record
/// builds one from the record's own type (e.g. BGP4MP_MESSAGE_AS4 ⇒ `fourOctetAS`).
public struct DecodeContext: Hashable, Sendable {
    /// AS numbers in AS_PATH/AGGREGATOR are 4 octets (both sides sent capability 65).
    public var fourOctetAS: Bool
    /// Families for which received NLRI carry a 4-octet path identifier.
    public var addPathReceive: Set<AddressFamily>
    /// Largest acceptable message: 4096, or 65535 with RFC 8654.
    public var maxMessageLength: Int
    /// The peer is in another AS (eBGP). RFC 7606 §7.5, §7.9, §7.10: LOCAL_PREF, ORIGINATOR_ID and
    /// CLUSTER_LIST from an external peer are discarded. False (internal, or unknown as in MRT
    /// data) checks them and keeps them.
    public var externalPeer: Bool = false

    public init(fourOctetAS: Bool = true, addPathReceive: Set<AddressFamily> = [], extendedMessage: Bool = false) {
        self.fourOctetAS = fourOctetAS
        self.addPathReceive = addPathReceive
        self.maxMessageLength = extendedMessage ? BGPHeader.extendedMaxLength : BGPHeader.maxLength
    }

    public func addPath(_ family: AddressFamily) -> Bool { addPathReceive.contains(family) }
}

/// What the encoder must honour: the same negotiated facts, seen from the sending side.
public typealias EncodeContext = DecodeContext
