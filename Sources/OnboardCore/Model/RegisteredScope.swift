import OnboardSpec

/// The one place typed scopes become the space-separated `scope` string OAuth registers (RFC 7591 §2, RFC 6749 §3.3)
/// and back, so the client document, the partner kit, the CapabilityStatement and the adapters always agree.
public enum RegisteredScope {
    /// `scopes` in the order declared, as one registered `scope` value.
    public static func string(_ scopes: [SmartScope]) -> String {
        scopes.map(\.description).joined(separator: " ")
    }

    /// The scopes a registered `scope` value names (empty for none).
    public static func list(_ value: String?) -> [String] {
        (value ?? "").split(separator: " ").map(String.init)
    }
}
