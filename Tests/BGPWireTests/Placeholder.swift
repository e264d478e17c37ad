import Testing
@testable import BGPWire
