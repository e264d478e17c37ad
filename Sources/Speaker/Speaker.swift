/// Speaker: peers, FSMs, sockets and the RIB on one serial queue (being written).
