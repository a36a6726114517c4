/// A public key the authorization server signs access tokens with, as the gateway needs it: njs cannot import a JWK,
/// so the key travels as DER SubjectPublicKeyInfo (base64), with the JWS algorithm and key id it was published with.
public struct GatewaySigningKey: Sendable, Hashable {
    /// The JWK `kid`; nil when the server published none (the gateway then tries every key of the algorithm).
    public let keyID: String?
    /// The JWS `alg`: RS256/384/512, PS256/384/512 or ES256/384/512.
    public let algorithm: String
    /// Base64 DER SubjectPublicKeyInfo.
    public let spki: String

    public init(keyID: String?, algorithm: String, spki: String) {
        self.keyID = keyID
        self.algorithm = algorithm
        self.spki = spki
    }

    /// The algorithms the gateway script verifies.
    public static let algorithms: Set<String> = [
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
    ]

    /// The key as recorded in the gateway document, so a plan shows a rotation field by field.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["alg": .string(algorithm), "spki": .string(spki)]
        if let keyID { object["kid"] = .string(keyID) }
        return .object(object)
    }

    public init?(json: JSONValue) {
        guard let algorithm = json["alg"]?.stringValue, let spki = json["spki"]?.stringValue else { return nil }
        self.init(keyID: json["kid"]?.stringValue, algorithm: algorithm, spki: spki)
    }

    /// The keys a recorded gateway document lists.
    public static func recorded(in document: JSONValue?) -> [GatewaySigningKey] {
        (document?["signingKeys"]?.arrayValue ?? []).compactMap(GatewaySigningKey.init(json:))
    }
}
