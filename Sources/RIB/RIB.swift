/// RIB: Adj-RIB-In, best path, Loc-RIB, Adj-RIB-Out (being written).
