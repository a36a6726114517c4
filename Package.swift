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
    ],
    targets: [
        .executableTarget(name: "onboard", dependencies: ["OnboardCLI"]),
        .target(
            name: "OnboardCLI",
            dependencies: [
                "OnboardSpec", "OnboardCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "OnboardSpec", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "OnboardCore", dependencies: ["OnboardSpec"]),
        .executableTarget(name: "onboard-bench", dependencies: ["OnboardSpec", "OnboardCore"]),
        .target(name: "OnboardTestSupport", dependencies: ["OnboardSpec"], path: "Tests/OnboardTestSupport"),
        .testTarget(name: "OnboardSpecTests", dependencies: ["OnboardSpec", "OnboardTestSupport"]),
        .testTarget(name: "OnboardCoreTests", dependencies: ["OnboardCore", "OnboardTestSupport"]),
        .testTarget(name: "OnboardCLITests", dependencies: ["OnboardCLI", "OnboardSpec", "OnboardTestSupport"]),
    ]
)
