import Foundation

/// Checks a partner's JWKS file: valid JSON, a non-empty `keys` list of public EC/RSA/OKP signing keys, distinct
/// `kid`s, and no private members (reported at the member's own line in the JWKS file).
public enum JWKSInspector {
    static let curves = ["EC": ["P-256", "P-384", "P-521"], "OKP": ["Ed25519", "Ed448"]]
    static let requiredMembers = ["EC": ["crv", "x", "y"], "RSA": ["n", "e"], "OKP": ["crv", "x"]]

    /// Returns the key ids, or reports problems and returns nil.
    static func inspect(
        _ text: String, file: String, reference: Located<String>, path: FieldPath, sink: DiagnosticSink
    ) -> [String]? {
        var problem: String
        var location = reference.location
        var fieldPath = path
        do {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
            guard let set = object as? [String: Any], let keys = set["keys"] as? [Any] else {
                throw DocumentProblem("expected a JSON object with a \"keys\" list (RFC 7517 §5)")
            }
            guard !keys.isEmpty else { throw DocumentProblem("the \"keys\" list is empty") }
            var ids: [String] = []
            let keyObjects = keys.compactMap { $0 as? [String: Any] }
            if keyObjects.contains(where: { key in SecretScanner.privateJWKMembers.contains { key[$0] != nil } }) {
                reportPrivateMembers(text, file: file, sink: sink)
                return nil
            }
            for (index, entry) in keys.enumerated() {
                guard let key = entry as? [String: Any] else {
                    throw DocumentProblem("keys[\(index)] is not an object")
                }
                try check(key, index: index)
                try distinct(key, index: index, &ids)
            }
            return ids
        } catch let error as DocumentProblem {
            problem = error.description
        } catch {
            reportPrivateMembers(text, file: file, sink: sink)
            // Foundation says "… around character N."; point at that place in the JWKS file itself.
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            problem =
                "not valid JSON: "
                + detail.replacingOccurrences(of: #" around character \d+\.?"#, with: "", options: .regularExpression)
            if let offset = characterOffset(in: detail) {
                location = position(ofUTF8Offset: offset, in: text, file: file)
                fieldPath = .root
                problem = "JWKS named by \(reference.location) (\(path)) is \(problem)"
                sink.report(.unparseableFile, at: location, path: fieldPath, problem)
                return nil
            }
        }
        sink.report(.unparseableFile, at: location, path: fieldPath, "JWKS file \(file): \(problem)")
        return nil
    }

    /// Why a key set a partner publishes (`spec.access.jwksUri`, read at plan as the authorization server will read
    /// it) cannot be used, or nil when it can: the rules of a JWKS file, in one sentence that never quotes a key.
    public static func problem(inPublished text: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return "it is not JSON" }
        guard let set = object as? [String: Any], let keys = set["keys"] as? [Any] else {
            return "it is not a JSON object with a \"keys\" list (RFC 7517 §5)"
        }
        guard !keys.isEmpty else { return "its \"keys\" list is empty" }
        var ids: [String] = []
        for (index, entry) in keys.enumerated() {
            guard let key = entry as? [String: Any] else { return "keys[\(index)] is not an object" }
            let secret = SecretScanner.privateJWKMembers.filter { key[$0] != nil }
            if !secret.isEmpty {
                return
                    "keys[\(index)] holds private key material (\(secret.map { "\"\($0)\"" }.joined(separator: ", "))); "
                    + "a partner publishes its public keys only, and must now replace the exposed key"
            }
            do {
                try check(key, index: index)
                try distinct(key, index: index, &ids)
            } catch {
                return error.description
            }
        }
        return nil
    }

    /// A key id used by two keys names neither: the server could pick the wrong one.
    private static func distinct(_ key: [String: Any], index: Int, _ ids: inout [String]) throws(DocumentProblem) {
        let kid = key["kid"] as? String ?? ""
        if !kid.isEmpty, ids.contains(kid) { throw DocumentProblem("keys[\(index)]: kid \"\(kid)\" is used twice") }
        ids.append(kid)
    }

    /// The curve or key type each JWS algorithm a JWK may name needs (RFC 7518 §3.1, RFC 8037).
    static let algorithmKeys: [String: String] = [
        "ES256": "P-256", "ES384": "P-384", "ES512": "P-521", "EdDSA": "OKP",
        "RS256": "RSA", "RS384": "RSA", "RS512": "RSA", "PS256": "RSA", "PS384": "RSA", "PS512": "RSA",
    ]

    private static func check(_ key: [String: Any], index: Int) throws(DocumentProblem) {
        guard let kty = key["kty"] as? String, let members = requiredMembers[kty] else {
            throw DocumentProblem("keys[\(index)]: kty must be EC, RSA or OKP")
        }
        for member in members where !(key[member] is String) {
            throw DocumentProblem("keys[\(index)]: a \(kty) key needs \"\(member)\"")
        }
        if let allowed = curves[kty], let crv = key["crv"] as? String, !allowed.contains(crv) {
            throw DocumentProblem("keys[\(index)]: curve \"\(crv)\" is not one of \(allowed.joined(separator: ", "))")
        }
        if let alg = key["alg"] as? String {
            guard let needs = algorithmKeys[alg] else {
                throw DocumentProblem("keys[\(index)]: alg \"\(alg)\" is not a signing algorithm for client assertions")
            }
            let has = (key["kty"] as? String == "EC" ? key["crv"] as? String : key["kty"] as? String) ?? ""
            guard has == needs else {
                throw DocumentProblem("keys[\(index)]: alg \"\(alg)\" needs a \(needs) key, and this one is \(has)")
            }
        }
        if let use = key["use"] as? String, use != "sig" {
            throw DocumentProblem("keys[\(index)]: use must be \"sig\" for client authentication, not \"\(use)\"")
        }
    }

    private static func characterOffset(in message: String) -> Int? {
        guard let range = message.range(of: #"character \d+"#, options: .regularExpression) else { return nil }
        return Int(message[range].dropFirst("character ".count))
    }

    /// Line and column (1-based, in Unicode scalars) of a byte offset.
    private static func position(ofUTF8Offset offset: Int, in text: String, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for (index, byte) in text.utf8.enumerated() {
            if index >= offset { break }
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Private members are located textually so each is reported where it is written, even in otherwise broken JSON.
    private static func reportPrivateMembers(_ text: String, file: String, sink: DiagnosticSink) {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for member in SecretScanner.privateJWKMembers {
                guard let range = line.range(of: "\"\(member)\""),
                    line[range.upperBound...].drop(while: { $0 == " " }).first == ":"
                else { continue }
                let column =
                    line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: range.lowerBound) + 1
                sink.report(
                    .secretInFile, at: SourceLocation(file: file, line: number + 1, column: column), path: .root,
                    "private JWK member \"\(member)\"; " + SecretScanner.jwkAdvice, redactingSecret: true
                )
            }
        }
    }
}
