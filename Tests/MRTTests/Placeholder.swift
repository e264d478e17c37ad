import Testing
@testable import MRT
