/// Who at the partner IT talks to about credentials and certificate renewal; becomes `Organization.contact`.
public struct Contact: Sendable, Hashable, Codable {
    public let name: Located<String>
    public let email: Located<String>?
    public let phone: Located<String>?

    public init(name: Located<String>, email: Located<String>?, phone: Located<String>?) {
        self.name = name
        self.email = email
        self.phone = phone
    }
}
