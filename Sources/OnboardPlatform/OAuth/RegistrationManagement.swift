import OnboardCore

/// Where and how to manage one registered client (RFC 7592): its configuration URI and registration access token.
/// `secret` is what the applier seals into state.
struct RegistrationManagement {
    let uri: String
    let token: String

    init(uri: String, token: String) {
        self.uri = uri
        self.token = token
    }

    init(_ handle: PlatformHandle) throws {
        guard let secret = handle.secret, let document = try? JSONValue.parse(secret),
            let uri = document["registration_client_uri"]?.stringValue,
            let token = document["registration_access_token"]?.stringValue
        else {
            throw OnboardError(
                .configuration,
                "state holds no registration access token for client \(handle.platformID), so onboard cannot manage it; "
                    + "it was registered by another target (the embedded registry?). Remove its state entry and apply to register it again."
            )
        }
        self.init(uri: uri, token: token)
    }

    var headers: [String: String] { ["Authorization": "Bearer \(token)", "Accept": "application/json"] }

    var secret: String {
        JSONValue.object([
            "registration_client_uri": .string(uri), "registration_access_token": .string(token),
        ]).canonicalText
    }
}
