/// Reads a `Partner` that `PartnerEncoder` wrote, in the same field order.
struct PartnerDecoder {
    typealias Corrupt = CacheReader.Corrupt
    private var reader: CacheReader
    private let files: [String]

    static func decode(_ reader: inout CacheReader) throws(Corrupt) -> Partner {
        let files = try reader.array { reader throws(Corrupt) in try reader.string() }
        var decoder = PartnerDecoder(reader: reader, files: files)
        let partner = try decoder.partner()
        reader = decoder.reader
        return partner
    }

    private mutating func partner() throws(Corrupt) -> Partner {
        let file = try reader.string()
        let id = try string()
        let name = try string()
        var labels: [String: Located<String>] = [:]
        for _ in 0..<(try reader.integer()) {
            let key = try reader.string()
            labels[key] = try string()
        }
        let spec = try spec()
        return Partner(
            file: file, metadata: PartnerMetadata(id: id, name: name, labels: labels), spec: spec,
            documents: try documents()
        )
    }

    private mutating func spec() throws(Corrupt) -> PartnerSpec {
        let template = try string()
        let status = try located { decoder throws(Corrupt) in try decoder.reader.rawValue(PartnerStatus.self) }
        let identifiers = try array { decoder throws(Corrupt) in
            BusinessIdentifier(system: try decoder.string(), value: try decoder.string())
        }
        let contacts = try array { decoder throws(Corrupt) in
            Contact(
                name: try decoder.string(), email: try decoder.optionalString(), phone: try decoder.optionalString())
        }
        let endpoints = try array { decoder throws(Corrupt) in
            PartnerEndpoint(
                name: try decoder.string(),
                connectionType: try decoder.located { decoder throws(Corrupt) in
                    try decoder.reader.rawValue(EndpointConnectionType.self)
                },
                address: try decoder.string(),
                payloadMimeTypes: try decoder.array { decoder throws(Corrupt) in try decoder.string() }
            )
        }
        let scopes = try array { decoder throws(Corrupt) in
            try decoder.located { decoder throws(Corrupt) in try decoder.scope() }
        }
        let access = PartnerAccess(
            scopes: scopes,
            auth: try located { decoder throws(Corrupt) in try decoder.reader.rawValue(AuthMethod.self) },
            jwks: try optionalString(), jwksURI: try optionalString()
        )
        let certificate = CertificateRequest(
            csr: try optionalString(), validityDays: try integer(),
            renewBeforeDays: try optional { decoder throws(Corrupt) in try decoder.integer() }
        )
        return PartnerSpec(
            template: template, status: status, identifiers: identifiers, contacts: contacts, endpoints: endpoints,
            access: access, certificate: certificate,
            adopt: try optional { decoder throws(Corrupt) in try decoder.adoption() }
        )
    }

    private mutating func scope() throws(Corrupt) -> SmartScope {
        let context = try reader.rawValue(ScopeContext.self)
        let resourceType = try reader.optional { reader throws(Corrupt) in try reader.string() }
        let permissions = try reader.integer()
        guard let bits = UInt8(exactly: permissions) else { throw Corrupt() }
        let query = try reader.array { reader throws(Corrupt) in
            ScopeQueryParameter(name: try reader.string(), value: try reader.string())
        }
        return SmartScope(
            context: context, resourceType: resourceType, permissions: ScopePermissions(rawValue: bits), query: query,
            wasVersion1: try reader.bool()
        )
    }

    private mutating func adoption() throws(Corrupt) -> PartnerAdoption {
        let organization = try optionalString()
        let endpoints = try array { decoder throws(Corrupt) in
            PartnerAdoption.Endpoint(name: try decoder.string(), reference: try decoder.string())
        }
        let affiliation = try optionalString()
        let client = try optional { decoder throws(Corrupt) in
            PartnerAdoption.Client(id: try decoder.string(), registrationTokenEnv: try decoder.optionalString())
        }
        return PartnerAdoption(
            organization: organization, endpoints: endpoints, affiliation: affiliation, client: client,
            certificate: try optionalString(), location: try location()
        )
    }

    private mutating func documents() throws(Corrupt) -> PartnerDocuments {
        let csr = try reader.optional { reader throws(Corrupt) in
            CertificateSigningRequestDocument(
                path: try reader.string(), pem: try reader.string(), der: try reader.raw())
        }
        let jwks = try reader.optional { reader throws(Corrupt) in
            JSONWebKeySetDocument(
                path: try reader.string(), json: try reader.string(),
                keyIDs: try reader.array { reader throws(Corrupt) in try reader.string() }
            )
        }
        let certificate = try optional { decoder throws(Corrupt) in
            AdoptedCertificateDocument(
                path: try decoder.reader.string(), pem: try decoder.reader.string(), location: try decoder.location()
            )
        }
        return PartnerDocuments(csr: csr, jwks: jwks, adoptedCertificate: certificate)
    }

    private mutating func location() throws(Corrupt) -> SourceLocation {
        let index = try reader.integer()
        guard files.indices.contains(index) else { throw Corrupt() }
        return SourceLocation(file: files[index], line: try reader.integer(), column: try reader.integer())
    }

    private mutating func located<Value>(
        _ read: (inout PartnerDecoder) throws(Corrupt) -> Value
    ) throws(Corrupt) -> Located<Value> {
        let value = try read(&self)
        return Located(value, at: try location())
    }

    private mutating func string() throws(Corrupt) -> Located<String> {
        try located { decoder throws(Corrupt) in try decoder.reader.string() }
    }

    private mutating func integer() throws(Corrupt) -> Located<Int> {
        try located { decoder throws(Corrupt) in try decoder.reader.integer() }
    }

    private mutating func optionalString() throws(Corrupt) -> Located<String>? {
        try optional { decoder throws(Corrupt) in try decoder.string() }
    }

    private mutating func optional<Value>(
        _ read: (inout PartnerDecoder) throws(Corrupt) -> Value
    ) throws(Corrupt) -> Value? {
        try reader.bool() ? try read(&self) : nil
    }

    private mutating func array<Value>(
        _ read: (inout PartnerDecoder) throws(Corrupt) -> Value
    ) throws(Corrupt) -> [Value] {
        let count = try reader.integer()
        guard count >= 0, count <= 1 << 20 else { throw Corrupt() }
        var values: [Value] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }
}
