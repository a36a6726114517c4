/// Writes a `Partner` for the cache, field by field in declaration order (`PartnerDecoder` reads the same order).
/// Source locations name their file by an index into a table written ahead of the partner: a partner's locations
/// are all in its own file or its template's, so each file name is stored and read once.
struct PartnerEncoder {
    private var fileIndexes: [String: Int] = [:]
    private var files: [String] = []
    private var body = CacheWriter()

    static func encode(_ partner: Partner, into writer: inout CacheWriter) {
        var encoder = PartnerEncoder()
        encoder.partner(partner)
        writer.array(encoder.files) { $0.string($1) }
        writer.append(encoder.body)
    }

    private mutating func partner(_ partner: Partner) {
        body.string(partner.file)
        string(partner.metadata.id)
        string(partner.metadata.name)
        let labels = partner.metadata.labels.sorted { $0.key < $1.key }
        body.integer(labels.count)
        for (key, value) in labels {
            body.string(key)
            string(value)
        }
        spec(partner.spec)
        documents(partner.documents)
    }

    private mutating func spec(_ spec: PartnerSpec) {
        string(spec.template)
        located(spec.status) { $0.body.string($1.rawValue) }
        array(spec.identifiers) { encoder, identifier in
            encoder.string(identifier.system)
            encoder.string(identifier.value)
        }
        array(spec.contacts) { encoder, contact in
            encoder.string(contact.name)
            encoder.optionalString(contact.email)
            encoder.optionalString(contact.phone)
        }
        array(spec.endpoints) { encoder, endpoint in
            encoder.string(endpoint.name)
            encoder.located(endpoint.connectionType) { $0.body.string($1.rawValue) }
            encoder.string(endpoint.address)
            encoder.array(endpoint.payloadMimeTypes) { $0.string($1) }
        }
        array(spec.access.scopes) { $0.located($1) { $0.scope($1) } }
        located(spec.access.auth) { $0.body.string($1.rawValue) }
        optionalString(spec.access.jwks)
        optionalString(spec.access.jwksURI)
        optionalString(spec.certificate.csr)
        integer(spec.certificate.validityDays)
        optional(spec.certificate.renewBeforeDays) { $0.integer($1) }
        optional(spec.adopt) { $0.adoption($1) }
    }

    private mutating func scope(_ scope: SmartScope) {
        body.string(scope.context.rawValue)
        body.optional(scope.resourceType) { $0.string($1) }
        body.integer(Int(scope.permissions.rawValue))
        body.array(scope.query) {
            $0.string($1.name)
            $0.string($1.value)
        }
        body.bool(scope.wasVersion1)
    }

    private mutating func adoption(_ adoption: PartnerAdoption) {
        optionalString(adoption.organization)
        array(adoption.endpoints) { encoder, endpoint in
            encoder.string(endpoint.name)
            encoder.string(endpoint.reference)
        }
        optionalString(adoption.affiliation)
        optional(adoption.client) { encoder, client in
            encoder.string(client.id)
            encoder.optionalString(client.registrationTokenEnv)
        }
        optionalString(adoption.certificate)
        location(adoption.location)
    }

    private mutating func documents(_ documents: PartnerDocuments) {
        body.optional(documents.csr) {
            $0.string($1.path)
            $0.string($1.pem)
            $0.raw($1.der)
        }
        body.optional(documents.jwks) {
            $0.string($1.path)
            $0.string($1.json)
            $0.array($1.keyIDs) { $0.string($1) }
        }
        optional(documents.adoptedCertificate) { encoder, certificate in
            encoder.body.string(certificate.path)
            encoder.body.string(certificate.pem)
            encoder.location(certificate.location)
        }
    }

    private mutating func location(_ location: SourceLocation) {
        if let index = fileIndexes[location.file] {
            body.integer(index)
        } else {
            fileIndexes[location.file] = files.count
            body.integer(files.count)
            files.append(location.file)
        }
        body.integer(location.line)
        body.integer(location.column)
    }

    private mutating func located<Value>(_ value: Located<Value>, _ write: (inout PartnerEncoder, Value) -> Void) {
        write(&self, value.value)
        location(value.location)
    }

    private mutating func string(_ value: Located<String>) {
        located(value) { $0.body.string($1) }
    }

    private mutating func integer(_ value: Located<Int>) {
        located(value) { $0.body.integer($1) }
    }

    private mutating func optionalString(_ value: Located<String>?) {
        optional(value) { $0.string($1) }
    }

    private mutating func optional<Value>(_ value: Value?, _ write: (inout PartnerEncoder, Value) -> Void) {
        body.bool(value != nil)
        if let value { write(&self, value) }
    }

    private mutating func array<Value>(_ values: [Value], _ write: (inout PartnerEncoder, Value) -> Void) {
        body.integer(values.count)
        for value in values { write(&self, value) }
    }
}
