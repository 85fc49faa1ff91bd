// swift-tools-version:6.0
import PackageDescription

/// How the release binary is laid out (issue 6, docs/performance.md): the code a session runs,
/// listed by scripts/link-order, is placed together, so that starting and typing touch a few
/// megabytes of the 90 MB executable instead of pages spread over all of it. Absolute paths,
/// because the linker runs in a directory of the build system's choosing.
let linking = String(#filePath.dropLast("Package.swift".count)) + "Linking/"
let layout: [String] = [
    // lld places sections in the order file's order; gold, the default here, ignores symbols.
    "-use-ld=lld",
    "-Xlinker", "--symbol-ordering-file=\(linking)kotae.order", "-Xlinker", "--no-warn-symbol-ordering",
    // Only wcwidth is exported (see below): the static runtime's --export-dynamic would otherwise
    // put 8,000 symbols in the dynamic table, which the loader searches on every lookup.
    "-Xlinker", "--version-script=\(linking)kotae.exports",
]
/// One section per function in Kotae's own code, so the order file can place each function (the
/// toolchain's Foundation was built one section per file: docs/performance.md).
let functionSections: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-function-sections"])]

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
            ],
            swiftSettings: functionSections
        ),
        .target(name: "KotaeText", swiftSettings: functionSections),
        .target(name: "KotaeTUI", dependencies: ["KotaeCore", "KotaeText"], swiftSettings: functionSections),
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
            swiftSettings: functionSections,
            // ncursesw measures characters by calling wcwidth; Kotae's own (KotaeText's table) takes
            // the C library's place, exported to the dynamic linker in a debug build and linked in
            // directly in the static release build, so both agree about every character's width.
            // Frames are written by ScreenUpdate, not ncurses, but ncurses still reads the keys
            // (and, in a UTF-8 locale, decodes them) and clears the screen.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic-symbol=wcwidth"] + layout, .when(platforms: [.linux]))]
        ),
        // How cost grows with size (issue 6): `swift run -c release kotae-microbench`. Not a test.
        .executableTarget(name: "kotae-microbench", dependencies: ["KotaeCore", "KotaeText"], path: "Benchmarks/MicroBenchmarks"),
        // What the test targets share (a seeded random generator); not part of the product.
        .target(name: "KotaeTestSupport", path: "Tests/KotaeTestSupport"),
        .testTarget(name: "KotaeCoreTests", dependencies: ["KotaeCore", "KotaeTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "KotaeTextTests", dependencies: ["KotaeText", "KotaeTestSupport"]),
        .testTarget(name: "KotaeTUITests", dependencies: ["KotaeTUI", "KotaeCore", "KotaeText", "KotaeTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "KotaeEndToEndTests", dependencies: ["KotaeCore", "KotaeText", "KotaeTestSupport"]),
    ]
)
