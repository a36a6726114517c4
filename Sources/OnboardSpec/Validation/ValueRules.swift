import Foundation

/// The value rules shared by partner, template and deployment files (and mirrored in docs/schema/).
/// Each returns nil when the value is fine, or the message to report.
public enum ValueRules {
    /// `metadata.id` and deployment names: `[a-z0-9-]{3,63}`.
    public static func identifierProblem(_ id: String) -> String? {
        let valid =
            (3...63).contains(id.utf8.count)
            && id.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        return valid ? nil : "\"\(id)\" is not a valid id: use 3 to 63 characters from a-z, 0-9 and \"-\""
    }

    /// Endpoint names: `[a-z0-9-]{1,63}`, used in resource addresses.
    public static func endpointNameProblem(_ name: String) -> String? {
        let valid =
            (1...63).contains(name.utf8.count)
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        return valid ? nil : "\"\(name)\" is not a valid endpoint name: use 1 to 63 characters from a-z, 0-9 and \"-\""
    }

    /// An e-mail address a person can be reached at: one `@`, a plausible local part and a dotted domain.
    public static func emailProblem(_ email: String) -> String? {
        let message = "\"\(email)\" is not a valid e-mail address"
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return message }
        let local = parts[0]
        let domain = parts[1]
        let localCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")
        guard !local.isEmpty, local.count <= 64, local.allSatisfy(localCharacters.contains),
            local.first != ".", local.last != ".", !local.contains("..")
        else { return message }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy(isHostLabel) else { return message }
        return nil
    }

    /// An absolute URI (`http://…`, `urn:…`), as FHIR `Identifier.system` and `Coding.system` require.
    public static func uriProblem(_ text: String) -> String? {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex,
            text[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }),
            text.first!.isLetter, !text.contains(" "), text.index(after: colon) != text.endIndex
        else { return "\"\(text)\" is not an absolute URI" }
        return nil
    }

    /// What no URI in a file may be: non-ASCII (RFC 3986 URIs are ASCII, so a look-alike letter from another script —
    /// `https://northsіde-lab.example` with a Cyrillic і — cannot pass for the host it imitates; an international host
    /// is written in its `xn--` form), or carrying a user name or password, which would put a secret in git.
    public static func uriTextProblem(_ text: String) -> (DiagnosticCode, String)? {
        if let character = text.unicodeScalars.first(where: { !$0.isASCII }) {
            let hex = String(character.value, radix: 16, uppercase: true)
            return (
                .invalidValue,
                "\"\(text)\" contains U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex), which is not ASCII: a URI is "
                    + "written in ASCII (an international host name in its xn-- form), so that no look-alike letter passes for another"
            )
        }
        if let authority = text.range(of: "://").map({ text[$0.upperBound...].prefix { !"/?#".contains($0) } }),
            authority.contains("@")
        {
            return (
                .secretInFile,
                "a URI must not carry a user name or password (it would be a secret in git): give credentials through "
                    + "the environment variables onboard.yaml names"
            )
        }
        return nil
    }

    /// An https URL; plain http only to a loopback host (local test servers).
    public static func httpsURLProblem(_ text: String) -> (DiagnosticCode, String)? {
        if let problem = uriTextProblem(text) { return problem }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty
        else { return (.invalidValue, "\"\(text)\" is not an absolute URL") }
        if scheme == "https" || (scheme == "http" && isLoopback(host)) { return nil }
        return (.insecureAddress, "\"\(text)\" must use https (plain http is allowed only for loopback hosts)")
    }

    /// An endpoint address fitting its connection type: e-mail based types take `mailto:`, MLLP takes `mllps://`
    /// (or `mllp://` on loopback), everything else is served over https.
    public static func endpointAddressProblem(
        _ text: String, for type: EndpointConnectionType?
    ) -> (DiagnosticCode, String)? {
        switch type {
        case .secureEmail?, .directProject?:
            guard text.hasPrefix("mailto:"), emailProblem(String(text.dropFirst(7))) == nil else {
                return (.invalidValue, "\"\(text)\" must be a mailto: address for \(type!.rawValue) endpoints")
            }
            return nil
        case .hl7v2Mllp?:
            if let problem = uriTextProblem(text) { return problem }
            guard let url = URL(string: text), let host = url.host, !host.isEmpty,
                url.scheme == "mllps" || (url.scheme == "mllp" && isLoopback(host))
            else {
                return (
                    .insecureAddress, "\"\(text)\" must use mllps:// (plain mllp is allowed only for loopback hosts)"
                )
            }
            return nil
        default:
            return httpsURLProblem(text)
        }
    }

    /// A MIME type such as `application/fhir+json`.
    public static func mimeTypeProblem(_ text: String) -> String? {
        let parts = text.split(separator: ";", maxSplits: 1)[0].split(separator: "/", omittingEmptySubsequences: false)
        let token = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&^_.+-")
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(token.contains) }) else {
            return "\"\(text)\" is not a MIME type (type/subtype)"
        }
        return nil
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    private static func isHostLabel(_ label: Substring) -> Bool {
        !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
            && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}
