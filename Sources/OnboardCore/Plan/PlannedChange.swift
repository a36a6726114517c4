/// One change of a plan: the resource, the action, why, which fields move, and the document to write.
public struct PlannedChange: Sendable, Hashable, Codable {
    public let address: ResourceAddress
    public let action: ChangeAction
    public let reasons: [ChangeReason]
    public let fields: [FieldChange]
    /// The document to write (nil for deletes). Never holds a secret.
    public let desired: JSONValue?

    public init(
        address: ResourceAddress, action: ChangeAction, reasons: [ChangeReason], fields: [FieldChange] = [],
        desired: JSONValue?
    ) {
        self.address = address
        self.action = action
        self.reasons = reasons
        self.fields = fields
        self.desired = desired
    }
}
