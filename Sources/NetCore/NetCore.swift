/// NetCore: the small value types every Swiftlet layer shares — IPv4/IPv6 addresses and
/// prefixes, AS numbers, router IDs and address families (AFI/SAFI, RFC 4760 §3).
///
/// Pure: no I/O, no Foundation. Parsing from text is strict (no leading zeros games, no
/// out-of-range octets) and formatting is canonical (RFC 5952 for IPv6), so a value printed
/// by one layer parses back identically in another.
public enum NetCore {}
