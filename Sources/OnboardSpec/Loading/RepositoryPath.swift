/// Resolves a path written in a file (a CSR or JWKS beside a partner) against that file's directory, refusing paths
/// that leave the repository.
public enum RepositoryPath {
    /// `Partners/north/x.yaml` + `x.csr.pem` → `Partners/north/x.csr.pem`; nil when absolute or escaping the root.
    static func resolve(_ reference: String, besides file: String) -> String? {
        guard !reference.hasPrefix("/"), !reference.contains("\\") else { return nil }
        var parts = file.split(separator: "/").dropLast().map(String.init)
        for part in reference.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// The file name without its directory and `.yaml`/`.yml` extension.
    public static func stem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) { return String(name.dropLast(suffix.count)) }
        return name
    }

    static func isYAML(_ path: String) -> Bool {
        path.hasSuffix(".yaml") || path.hasSuffix(".yml")
    }
}
