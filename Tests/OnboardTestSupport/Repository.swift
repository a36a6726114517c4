import Foundation

/// Paths of the project checkout, for tests that read the shipped example network and fixtures.
public enum Repository {
    /// The repository root (where Package.swift is).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let fixtures = root.appendingPathComponent("Tests/Fixtures")
    public static let schemas = root.appendingPathComponent("docs/schema")

    /// The example network's top-level entries, copied into every test workspace.
    public static let exampleEntries = ["onboard.yaml", "Templates", "Partners"]
}
