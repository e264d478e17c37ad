import Testing
@testable import CalicoModel
