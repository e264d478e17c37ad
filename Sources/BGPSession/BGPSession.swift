/// BGPSession: the RFC 4271 §8 finite state machine as a value type.
