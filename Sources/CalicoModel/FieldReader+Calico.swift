/// Readers for the value forms Calico resources share: CIDRs, addresses, AS numbers,
/// selectors, enums, durations and secret references.

import NetCore
import Yams

extension FieldReader {
    /// A CIDR; host bits set beyond the length are an error (Calico wants the network address).
    func prefix(_ key: String) -> IPPrefix? {
        guard let text = string(key) else { return nil }
        guard let p = IPPrefix(text) else { fail(key, node(key), "not a CIDR (address/length)"); return nil }
        guard PrefixMath.isCanonical(text, p) else { fail(key, node(key), "host bits set; the network is \(p)"); return nil }
        return p
    }

    func asNumber(_ key: String) -> ASN? {
        guard let text = string(key) else { return nil }
        guard let asn = ASNumberText.parse(text), asn.rawValue > 0 else {
            fail(key, node(key), "not an AS number (1…4294967295, or asdot such as 1.10)")
            return nil
        }
        return asn
    }

    func selector(_ key: String) -> Selector? {
        guard let text = string(key), !text.trimmingSpaces.isEmpty else { return nil }
        do {
            return try Selector(text)
        } catch {
            fail(key, node(key), "bad selector: \(error)")
            return nil
        }
    }

    func enumValue<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) -> E? where E.RawValue == String {
        guard let text = string(key) else { return nil }
        guard let e = E(rawValue: text) else {
            fail(key, node(key), "expected one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return e
    }

    func duration(_ key: String) -> GoDuration? {
        parse(key, expected: "a duration such as \"10s\" or \"1m30s\"") { GoDuration($0) }
    }

    /// `{secretKeyRef: {name, key}}`.
    func secretKeyRef(_ key: String) -> SecretKeyRef? {
        guard let outer = object(key) else { return nil }
        defer { outer.finish() }
        guard let ref = outer.object("secretKeyRef") else {
            outer.fail("secretKeyRef", nil, "required field is missing")
            return nil
        }
        let name = ref.requiredString("name")
        let k = ref.requiredString("key")
        ref.ignore("optional")
        ref.finish()
        guard let name, let k else { return nil }
        return SecretKeyRef(name: name, key: k)
    }
}

extension String {
    var trimmingSpaces: Substring {
        let s = drop { $0.isWhitespace }
        return s.dropLast(s.reversed().prefix { $0.isWhitespace }.count)
    }
}
