/// Checks of a received OPEN and the exact NOTIFICATION for each failure (RFC 4271 §6.2).
import BGPWire
import NetCore

/// Validates the peer's OPEN in the order of RFC 4271 §6.2 (version, AS, hold time, identifier,
/// optional parameters), then the capability rules of RFC 5492 §5 and RFC 9234 §4.2.
public enum OpenValidation {
    /// The negotiated session, or the NOTIFICATION to send with a sentence for the operator.
    public static func validate(_ open: OpenMessage,
                                configuration c: SessionConfiguration) -> Result<NegotiatedSession, WireError> {
        let received = CapabilitySet(open.capabilities)
        let failure = checkVersion(open)
            ?? checkPeerAS(open, received, c)
            ?? checkHoldTime(open, c)
            ?? checkIdentifier(open, c)
            ?? checkOptionalParameters(open)
            ?? checkRequiredCapabilities(received, c)
            ?? checkRole(received, c)
        if let failure { return .failure(failure) }
        return .success(NegotiatedSession(peerOpen: open, configuration: c))
    }

    /// 2/1, data: the largest version we support below the peer's bid, or our smallest (both 4).
    static func checkVersion(_ open: OpenMessage) -> WireError? {
        guard open.version != FSMNotification.supportedVersion else { return nil }
        let data: [UInt8] = [0, FSMNotification.supportedVersion]
        return WireError(NotificationMessage(OpenMessageErrorSubcode.unsupportedVersionNumber, data: data),
                         "peer bid BGP version \(open.version); only version 4 is supported")
    }

    /// 2/2: the 4-octet AS capability must agree with My AS unless that is AS_TRANS (RFC 6793
    /// §4.1), and the peer's AS must be the configured one.
    static func checkPeerAS(_ open: OpenMessage, _ received: CapabilitySet, _ c: SessionConfiguration) -> WireError? {
        let badPeerAS = NotificationMessage(OpenMessageErrorSubcode.badPeerAS)
        let myAS = ASN(UInt32(open.myAS))
        if let wide = received.fourOctetAS, myAS != .trans, myAS != wide {
            return WireError(badPeerAS, "My AS \(open.myAS) contradicts the 4-octet AS capability \(wide)")
        }
        let asn = received.fourOctetAS ?? myAS
        guard asn != c.peerAS else { return nil }
        return WireError(badPeerAS, "peer announced AS \(asn), configured peer AS is \(c.peerAS)")
    }

    /// 2/6: 1 and 2 seconds are never acceptable (RFC 4271 §4.2), nor anything below our minimum.
    static func checkHoldTime(_ open: OpenMessage, _ c: SessionConfiguration) -> WireError? {
        let hold = open.holdTime
        guard hold == 1 || hold == 2 || (hold != 0 && hold < c.minimumHoldTime) else { return nil }
        return WireError(NotificationMessage(OpenMessageErrorSubcode.unacceptableHoldTime),
                         "peer hold time \(hold)s is unacceptable (minimum \(max(c.minimumHoldTime, 3))s, or 0)")
    }

    /// 2/3: zero is never valid (RFC 6286 §2.2); an internal peer may not use our own identifier.
    static func checkIdentifier(_ open: OpenMessage, _ c: SessionConfiguration) -> WireError? {
        let bad = NotificationMessage(OpenMessageErrorSubcode.badBGPIdentifier)
        if open.identifier.rawValue == 0 { return WireError(bad, "peer BGP identifier is 0.0.0.0") }
        if c.isInternal, open.identifier == c.localIdentifier {
            return WireError(bad, "internal peer uses our own BGP identifier \(open.identifier)")
        }
        return nil
    }

    /// 2/4: every optional parameter other than Capabilities (type 2) is unsupported.
    static func checkOptionalParameters(_ open: OpenMessage) -> WireError? {
        guard let first = open.otherParameters.first else { return nil }
        return WireError(NotificationMessage(OpenMessageErrorSubcode.unsupportedOptionalParameter),
                         "unsupported optional parameter type \(first.type)")
    }

    /// 2/7 with our capabilities the peer lacks as data (RFC 5492 §5), only for required ones.
    static func checkRequiredCapabilities(_ received: CapabilitySet, _ c: SessionConfiguration) -> WireError? {
        let missing = c.requiredCapabilities.filter { !$0.isMet(by: received) }
        guard !missing.isEmpty else { return nil }
        let capabilities = missing.map { $0.capability(announced: c.capabilities, localAS: c.localAS) }
        let data = capabilities.flatMap { $0.encode() }
        let codes = capabilities.map { String($0.code) }.joined(separator: ", ")
        return WireError(NotificationMessage(OpenMessageErrorSubcode.unsupportedCapability, data: data),
                         "peer lacks required capabilities (codes \(codes))")
    }

    /// 2/11 Role Mismatch (RFC 9234 §4.2): conflicting roles, a wrong pair, or none in strict mode.
    static func checkRole(_ received: CapabilitySet, _ c: SessionConfiguration) -> WireError? {
        guard let local = c.capabilities.role else { return nil }
        let mismatch = NotificationMessage(OpenMessageErrorSubcode.roleMismatch)
        let remote = Set(received.roles)
        if remote.count > 1 { return WireError(mismatch, "peer sent conflicting BGP roles") }
        if let role = remote.first, !isCorrectPair(local: local, remote: role) {
            return WireError(mismatch, "peer role \(role) does not match our role \(local)")
        }
        if remote.isEmpty, c.strictRole { return WireError(mismatch, "peer sent no BGP role (strict mode)") }
        return nil
    }

    /// The allowed pairs of RFC 9234 §4.2 Table 2.
    static func isCorrectPair(local: BGPRole, remote: BGPRole) -> Bool {
        switch (local, remote) {
        case (.provider, .customer), (.customer, .provider), (.routeServer, .routeServerClient),
             (.routeServerClient, .routeServer), (.peer, .peer): true
        default: false
        }
    }
}
