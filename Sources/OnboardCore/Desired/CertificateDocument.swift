/// The certificate resource as documents: the request profile plus the status the CA should hold it in.
public enum CertificateDocument {
    public enum Status: String, Sendable {
        case active
        case hold
        case revoked
    }

    public static func make(profile: JSONValue, status: Status) -> JSONValue {
        guard case .object(var object) = profile else { return profile }
        object["status"] = .string(status.rawValue)
        return .object(object)
    }

    public static func status(_ document: JSONValue) -> Status? {
        document["status"]?.stringValue.flatMap(Status.init(rawValue:))
    }

    /// The document without its status: equal profiles mean the same certificate can serve.
    public static func profile(_ document: JSONValue) -> JSONValue {
        guard case .object(var object) = document else { return document }
        object["status"] = nil
        return .object(object)
    }

    /// The status a CA record is in.
    public static func status(of record: CertificateRecord) -> Status {
        switch record.revocation?.reason {
        case nil: .active
        case .certificateHold?: .hold
        default: .revoked
        }
    }
}
