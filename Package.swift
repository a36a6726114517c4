// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "onboard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "onboard", targets: ["onboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(name: "onboard", dependencies: ["OnboardCLI"]),
        .target(
            name: "OnboardCLI",
            dependencies: [
                "OnboardSpec", "OnboardCore", "OnboardSystem", "OnboardPKI", "OnboardPlatform", "OnboardState",
                "OnboardPostgres", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["StampBuildCommit"]
        ),
        .target(
            name: "OnboardSpec", dependencies: [.product(name: "Yams", package: "Yams")], plugins: ["EmbedScaffold"]
        ),
        .target(
            name: "OnboardCore", dependencies: ["OnboardSpec"], exclude: ["Gateway/onboard-gateway.js"],
            plugins: ["EmbedGatewayScript"]
        ),
        // The gateway's njs script is a real .js file, embedded into OnboardCore at build time.
        .executableTarget(name: "EmbedText"),
        .plugin(name: "EmbedGatewayScript", capability: .buildTool(), dependencies: ["EmbedText"]),
        // The network `onboard init` writes (scaffold/ and the example's Templates/), embedded into OnboardSpec.
        .plugin(name: "EmbedScaffold", capability: .buildTool(), dependencies: ["EmbedText"]),
        // The git commit `onboard --version` names, stamped before each build.
        .plugin(name: "StampBuildCommit", capability: .buildTool()),
        .target(
            name: "OnboardSystem",
            dependencies: ["OnboardCore", .product(name: "Subprocess", package: "swift-subprocess")]
        ),
        .target(
            name: "OnboardPKI",
            dependencies: [
                "OnboardCore", "OnboardSystem",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "OnboardPlatform",
            dependencies: [
                "OnboardCore", "OnboardSystem",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ]
        ),
        .target(name: "OnboardState", dependencies: ["OnboardCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "OnboardPostgres",
            dependencies: [
                "OnboardCore", "OnboardPKI",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "onboard-bench",
            dependencies: [
                "OnboardSpec", "OnboardCore", "OnboardSystem", "OnboardPKI", "OnboardState", "OnboardPostgres", "OnboardPlatform",
            ]
        ),
        .target(name: "OnboardTestSupport", dependencies: ["OnboardSpec", "OnboardCore", "OnboardSystem"], path: "Tests/OnboardTestSupport"),
        .testTarget(name: "OnboardSpecTests", dependencies: ["OnboardSpec", "OnboardSystem", "OnboardTestSupport"]),
        .testTarget(name: "OnboardCoreTests", dependencies: ["OnboardSpec", "OnboardCore", "OnboardSystem", "OnboardTestSupport"]),
        .testTarget(name: "OnboardPKITests", dependencies: ["OnboardPKI", "OnboardCore", "OnboardSystem", "OnboardTestSupport"]),
        .testTarget(name: "OnboardPlatformTests", dependencies: ["OnboardPlatform", "OnboardCore", "OnboardTestSupport"]),
        .testTarget(
            name: "OnboardStateTests",
            dependencies: ["OnboardState", "OnboardPostgres", "OnboardCore", "OnboardPKI", "OnboardTestSupport"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["OnboardTestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "OnboardCLITests",
            dependencies: [
                "OnboardCLI", "OnboardSpec", "OnboardCore", "OnboardPKI", "OnboardState", "OnboardPostgres", "OnboardTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)
