// swift-tools-version:6.0
// Swiftlet: per-node pod-network routing daemon. See README.md and docs/.
import PackageDescription
import Foundation

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

var products: [Product] = [
    .executable(name: "swiftletctl", targets: ["swiftletctl"]),
    .executable(name: "swiftletd", targets: ["swiftletd"]),
    .library(name: "BGPWire", targets: ["BGPWire"]),
    .library(name: "BGPSession", targets: ["BGPSession"]),
    .library(name: "MRT", targets: ["MRT"]),
]

/// How the release swiftletd is linked, for less memory at rest (docs/benchmarks.md, "swiftletd at rest";
/// the scripts also pass --static-swift-stdlib): lld, because it packs the ~80,000 relative relocations
/// of a statically linked Swift program into a few KB (DT_RELR, glibc 2.36) instead of 2 MB that the
/// loader reads at every start, and because it places the functions listed in swiftletd.order (those
/// swiftletd runs, from scripts/symbol-order) together at the start of .text, so the pages of code
/// it needs are few and dense rather than scattered over 18 MB, each fault mapping up to 64 KB around
/// it. Without --export-dynamic (which -static-stdlib asks for) the binary exports no symbols. The -L
/// directory holds a linker script that makes -static-stdlib's -lstdc++ the static libstdc++.
let swiftletdReleaseLinkFlags = [
    "-L", "\(Context.packageDirectory)/Sources/swiftletd/static-libstdc++",
    "-use-ld=lld",
    "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
    "-Xlinker", "--no-export-dynamic",
    "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/swiftletd/swiftletd.order",
    "-Xlinker", "--no-warn-symbol-ordering",
]

var targets: [Target] = [
    // Pure modules: no Glibc, Dispatch or Foundation I/O (checked by scripts/check-purity).
    .target(name: "NetCore", swiftSettings: strict),
    .target(name: "BGPWire", dependencies: ["NetCore"], swiftSettings: strict),
    .target(name: "BGPSession", dependencies: ["NetCore", "BGPWire"], swiftSettings: strict),
    .target(name: "MRT", dependencies: ["NetCore", "BGPWire"], swiftSettings: strict),
    .target(name: "RIB", dependencies: ["NetCore", "BGPWire"], swiftSettings: strict),
    .target(name: "CalicoModel", dependencies: ["NetCore", .product(name: "Yams", package: "Yams")], swiftSettings: strict),
    .target(name: "NetlinkWire", dependencies: ["NetCore"], swiftSettings: strict),
    .target(name: "Templater", dependencies: ["NetCore", "CalicoModel"], swiftSettings: strict),
    .target(name: "Datastore", dependencies: ["NetCore", "CalicoModel", "Platform", "CCurl"], swiftSettings: strict),
    // I/O: libcurl (etcd's v3 JSON gateway over HTTP/1.1, TLS client certificates), through small C shims
    // because curl_easy_setopt is variadic and Swift cannot call it directly. Loaded with dlopen when an
    // etcd store is opened, not linked: libcurl and its ~20 libraries cost ~5 MB RSS in every process.
    .target(name: "CCurl"),
    // I/O: OpenSSL's libcrypto (libcurl's TLS library too), for SHA-256 in Render (swiftletctl only).
    .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    // I/O: text templates rendered confd's way (stage, check, compare, atomic rename, reload).
    .target(name: "Render", dependencies: ["NetCore", "CalicoModel", "Templater", "Platform", "CCrypto",
                                           .product(name: "Mustache", package: "swift-mustache")], swiftSettings: strict),
    // I/O: typed Glibc wrappers (sockets, TCP MD5, GTSM, signals) and the Dispatch socket layer.
    .target(name: "CPlatform"),
    .target(name: "Platform", dependencies: ["NetCore", "CPlatform"], swiftSettings: strict),
    .target(name: "Transport", dependencies: ["NetCore", "BGPWire", "Platform"], swiftSettings: strict),
    // I/O: the BGP speaker (peers, FSMs, sockets, RIB) and the daemon around it.
    .target(
        name: "Speaker",
        dependencies: ["NetCore", "BGPWire", "BGPSession", "RIB", "Transport", "Platform", "CalicoModel",
                       .product(name: "Logging", package: "swift-log")],
        swiftSettings: strict),
    .systemLibrary(name: "CBSD", pkgConfig: "libbsd", providers: [.apt(["libbsd-dev"])]),
    .target(
        name: "Daemon",
        dependencies: ["NetCore", "Speaker", "CalicoModel", "Platform", "CBSD", "Kernel", "Datastore", "Templater",
                       .product(name: "Logging", package: "swift-log")],
        swiftSettings: strict),
    .executableTarget(
        name: "swiftletd",
        dependencies: ["Daemon", "Datastore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                       .product(name: "Logging", package: "swift-log")],
        exclude: ["swiftletd.order", "static-libstdc++"],
        swiftSettings: strict,
        linkerSettings: [.unsafeFlags(swiftletdReleaseLinkFlags, .when(configuration: .release))]),
    .target(name: "Kernel", dependencies: ["NetCore", "NetlinkWire", "Platform", "CPlatform"], swiftSettings: strict),
    // I/O: zlib for gzip-compressed MRT files.
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .target(name: "MRTFile", dependencies: ["MRT", "CZlib"], swiftSettings: strict),
    .executableTarget(
        name: "swiftletctl",
        dependencies: [
            "NetCore", "BGPWire", "MRT", "MRTFile", "CalicoModel", "Daemon", "Speaker", "Datastore", "Platform",
            "Templater", "Render", "Kernel", "NetlinkWire",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: strict),
    .testTarget(name: "NetCoreTests", dependencies: ["NetCore"], swiftSettings: strict),
    .testTarget(
        name: "BGPWireTests",
        dependencies: ["BGPWire", "NetCore", .product(name: "PropertyBased", package: "swift-property-based")],
        swiftSettings: strict),
    .testTarget(name: "BGPSessionTests", dependencies: ["BGPSession", "BGPWire", "NetCore"], swiftSettings: strict),
    .testTarget(name: "RIBTests", dependencies: ["RIB", "BGPWire", "NetCore"], swiftSettings: strict),
    .testTarget(name: "CalicoModelTests", dependencies: ["CalicoModel", "NetCore"], swiftSettings: strict),
    .testTarget(name: "TransportTests", dependencies: ["Transport", "Platform", "BGPWire", "NetCore"], swiftSettings: strict),
    .testTarget(name: "SpeakerTests", dependencies: ["Speaker", "RIB", "BGPWire", "NetCore", "Transport", "Platform", "BGPSession", "CalicoModel"], swiftSettings: strict),
    .testTarget(name: "DaemonTests", dependencies: ["Daemon", "Speaker", "NetCore", "Kernel", "Datastore"], swiftSettings: strict),
    .testTarget(name: "NetlinkWireTests", dependencies: ["NetlinkWire", "NetCore"], swiftSettings: strict),
    .testTarget(name: "TemplaterTests", dependencies: ["Templater", "CalicoModel", "NetCore"], swiftSettings: strict),
    .testTarget(name: "RenderTests", dependencies: ["Render", "Templater", "CalicoModel", "NetCore"], swiftSettings: strict),
    .testTarget(name: "DatastoreTests", dependencies: ["Datastore", "CalicoModel", "NetCore"], swiftSettings: strict),
    .testTarget(name: "KernelTests", dependencies: ["Kernel", "NetlinkWire", "NetCore", "Platform"], swiftSettings: strict),
    .testTarget(name: "MRTTests", dependencies: ["MRT", "MRTFile", "BGPWire", "NetCore"], swiftSettings: strict),
    .testTarget(name: "LabTests", dependencies: ["BGPWire", "BGPSession", "NetCore", "Daemon", "Speaker"], swiftSettings: strict),
]

// The libFuzzer target links only when built with -sanitize=fuzzer, so it is part of the
// package only when scripts/fuzz asks for it (SWIFTLET_FUZZ=1); a plain `swift build` never sees it.
if ProcessInfo.processInfo.environment["SWIFTLET_FUZZ"] != nil {
    products.append(.executable(name: "swiftlet-fuzz", targets: ["swiftlet-fuzz"]))
    targets.append(.executableTarget(name: "swiftlet-fuzz", dependencies: ["BGPWire", "MRT"], path: "Fuzz/swiftlet-fuzz", swiftSettings: strict))
}

let package = Package(
    name: "swiftlet",
    products: products,
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.0"),
    ],
    targets: targets
)
