// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "infra-tui",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "infra-tui", targets: ["infra-tui"]),
        .library(name: "InfraEngine", targets: ["InfraEngine"]),
        .executable(name: "infra-tui-bench", targets: ["infra-tui-bench"]),
        .executable(name: "infra-tui-double", targets: ["infra-tui-double"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        // Reads bash into a model rules can trust (commands, functions, variables, heredocs).
        .target(name: "ShellReader"),
        // Makes, parses and applies git-style unified diffs.
        .target(name: "PatchKit"),
        // Embedded demo repository and the JSON Schema of the plan output.
        .target(
            name: "InfraResources",
            path: "Resources",
            exclude: ["demo-DEFECTS.md"],
            sources: ["InfraResources.swift"],
            resources: [.copy("demo"), .copy("plan.schema.json")]
        ),
        // The coder-mode engine: repo reality, rules, operations, gate, writing, export.
        .target(
            name: "InfraEngine",
            dependencies: [
                "ShellReader", "PatchKit", "TestDoubles", "CMalloc",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        // glibc's mallopt (not in Swift's Glibc module): how the heap grows, see HeapGrowth.
        .systemLibrary(name: "CMalloc"),
        // ncurses from the system (Debian libncurses-dev); the shim only wraps C macros and globals.
        .systemLibrary(name: "CNcurses"),
        // The terminal UI's pure core: update(state, event) and render(state, size) into a grid.
        .target(name: "TUICore", dependencies: ["InfraEngine"]),
        .executableTarget(
            name: "infra-tui",
            dependencies: [
                "InfraEngine", "InfraResources", "TUICore", "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // In-process timings of the UI core (render, update) for `make bench`; no ncurses.
        .executableTarget(name: "infra-tui-bench", dependencies: ["TUICore", "InfraEngine", "InfraResources"]),
        // Test doubles of gcloud, kubectl and helm and recording stubs for the sandboxed rehearsal.
        .target(name: "TestDoubles", dependencies: [.product(name: "Yams", package: "Yams")]),
        // One executable, linked under each tool's name (gcloud, kubectl, helm, the stubs). On Linux the
        // Swift runtime and Foundation are linked in statically (lld: no glibc link warning), so a call
        // starts in about 2.6 ms of CPU instead of 5 or more; a rehearsal makes hundreds of calls. Not
        // position-independent: the loader then has no relocations to apply to its 70 MB at each start
        // (a call: about 4.6 -> 3.7 ms of CPU, release).
        .executableTarget(
            name: "infra-tui-double",
            dependencies: ["TestDoubles"],
            linkerSettings: [.unsafeFlags([
                "-static-stdlib", "-use-ld=lld", "-Xlinker", "--start-group",
                "-lFoundation", "-lFoundationInternationalization", "-lFoundationEssentials", "-lCoreFoundation",
                "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections", "-lswiftSynchronization",
                "-lswiftDispatch", "-ldispatch", "-lBlocksRuntime", "-lstdc++", "-Xlinker", "--end-group",
                "-Xlinker", "--no-pie",
            ], .when(platforms: [.linux]))]
        ),
        .testTarget(name: "TestDoublesTests", dependencies: ["TestDoubles"]),
        .testTarget(name: "ShellReaderTests", dependencies: ["ShellReader"]),
        .testTarget(name: "PatchKitTests", dependencies: ["PatchKit"]),
        .testTarget(name: "TUICoreTests", dependencies: ["TUICore", "InfraEngine"]),
        .testTarget(
            name: "InfraEngineTests",
            dependencies: ["InfraEngine", "InfraResources"],
            exclude: ["Fixtures"]
        ),
    ]
)
