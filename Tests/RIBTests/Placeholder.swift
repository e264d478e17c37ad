import Testing
@testable import RIB
