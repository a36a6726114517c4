/// Where the partner CA keeps its encrypted keys, inventory and CRL number: files under `spec.ca.path` (the default
/// with SQLite state), or the state's PostgreSQL database (the default with PostgreSQL state), so a CI runner needs
/// only the repository and the environment; or an OpenBao/Vault PKI mount (`openbao`) that keeps the keys itself,
/// onboard keeping only its inventory (no key) under `spec.ca.path` or in the database.
public enum CABackend: String, Sendable, Hashable, CaseIterable {
    case files
    case database
    case openbao
}
