import Testing
@testable import BGPSession
