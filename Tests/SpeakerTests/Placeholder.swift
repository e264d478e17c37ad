import Testing
@testable import Speaker
