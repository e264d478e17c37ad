/// RIB: the BGP Routing Information Base of RFC 4271 §3.2 — Adj-RIB-In per peer, the decision
/// process (§9.1 with the RFC 4456 §9 tie-breaks), the Loc-RIB with its multipath sets, and
/// Adj-RIB-Out per peer with UPDATE packing (§9.2), End-of-RIB (RFC 4724 §2) and route
/// refresh (RFC 2918, RFC 7313).
///
/// As in BIRD, the table knows nothing about sockets or the kernel: BGP peers and locally
/// originated blocks are its sources; peers' Adj-RIB-Outs and the kernel writer (through the
/// changed prefixes each call returns) are its sinks. Path attributes are interned once in an
/// `AttributeTable` with reference counts; routes hold a 4-byte `AttributeHandle`.
///
/// Pure: never imports Glibc, Dispatch or Foundation; no clocks, no I/O.
/// Entry point: `RoutingInformationBase`.
public enum RIBModule {}
