// swift-tools-version:6.0
// libFuzzer targets for Kotae's parsers of untrusted input. Build and run with scripts/fuzz.
import PackageDescription

let package = Package(
    name: "KotaeFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "FuzzDefinition", dependencies: [.product(name: "KotaeCore", package: "main")]),
        .executableTarget(name: "FuzzDraft", dependencies: [.product(name: "KotaeCore", package: "main")]),
        .executableTarget(name: "FuzzKeys", dependencies: [.product(name: "KotaeTUI", package: "main")]),
    ]
)
