import ArgumentParser

@main
struct SwiftletCtl: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "swiftletctl", abstract: "Swiftlet control tool.")
}
