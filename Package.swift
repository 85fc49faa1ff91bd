// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Kotae",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kotae", targets: ["kotae"]),
        // For FuzzTesting/, a package of its own so fuzzing flags never touch the product.
        .library(name: "KotaeCore", targets: ["KotaeCore"]),
        .library(name: "KotaeTUI", targets: ["KotaeTUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
    ],
    targets: [
        .target(
            name: "KotaeCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "KotaeText"),
        .target(name: "KotaeTUI", dependencies: ["KotaeCore", "KotaeText"]),
        .systemLibrary(name: "CNcursesw"),
        .executableTarget(
            name: "kotae",
            dependencies: [
                "KotaeCore",
                "KotaeText",
                "KotaeTUI",
                "CNcursesw",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: [.copy("questionnaires")],
            // ncursesw places characters by calling wcwidth through the dynamic linker; exporting
            // our own makes it agree with KotaeText about every character's width.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic-symbol=wcwidth"])]
        ),
        // How cost grows with size (issue 6): `swift run -c release kotae-microbench`. Not a test.
        .executableTarget(name: "kotae-microbench", dependencies: ["KotaeCore", "KotaeText"], path: "Benchmarks/MicroBenchmarks"),
        // What the test targets share (a seeded random generator); not part of the product.
        .target(name: "KotaeTestSupport", path: "Tests/KotaeTestSupport"),
        .testTarget(name: "KotaeCoreTests", dependencies: ["KotaeCore"], exclude: ["Golden"]),
        .testTarget(name: "KotaeTextTests", dependencies: ["KotaeText", "KotaeTestSupport"]),
        .testTarget(name: "KotaeTUITests", dependencies: ["KotaeTUI", "KotaeCore", "KotaeText", "KotaeTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "KotaeEndToEndTests", dependencies: ["KotaeCore", "KotaeTestSupport"]),
    ]
)
