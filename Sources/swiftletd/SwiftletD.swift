import ArgumentParser

@main
struct SwiftletD: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "swiftletd", abstract: "Swiftlet node routing daemon.")
}
