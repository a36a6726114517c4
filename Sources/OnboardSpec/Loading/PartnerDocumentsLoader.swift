/// Reads and checks the public files a partner names (CSR, JWKS), reporting problems at the field that names them.
struct PartnerDocumentsLoader {
    let tree: any SourceTree
    let file: String
    let sink: DiagnosticSink

    /// The documents, or nil when one that is named cannot be used.
    func load(_ spec: PartnerSpecDraft) -> PartnerDocuments? {
        var failed = false
        var csr: CertificateSigningRequestDocument?
        var jwks: JSONWebKeySetDocument?
        if let reference = spec.certificate?.csr {
            let path = FieldPath.root.key("spec").key("certificate").key("csr")
            csr = loadCSR(reference, path)
            failed = failed || csr == nil
        }
        if let reference = spec.access?.jwks, spec.access?.auth.value == .privateKeyJWT {
            let path = FieldPath.root.key("spec").key("access").key("jwks")
            jwks = loadJWKS(reference, path)
            failed = failed || jwks == nil
        }
        var certificate: AdoptedCertificateDocument?
        if let reference = spec.adopt?.certificate {
            certificate = loadCertificate(reference, FieldPath.root.key("spec").key("adopt").key("certificate"))
            failed = failed || certificate == nil
        }
        return failed ? nil : PartnerDocuments(csr: csr, jwks: jwks, adoptedCertificate: certificate)
    }

    private func loadCSR(_ reference: Located<String>, _ path: FieldPath) -> CertificateSigningRequestDocument? {
        guard let (resolved, text) = read(reference, path, what: "CSR") else { return nil }
        SecretScanner.scanText(text, file: resolved, sink: sink)
        do {
            let block = try PEMBlock.first(in: text, labels: ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"])
            if let problem = DERStructure.certificationRequestProblem(block.der) { throw DocumentProblem(problem) }
            return CertificateSigningRequestDocument(path: resolved, pem: text, der: block.der)
        } catch {
            sink.report(.unparseableFile, at: reference.location, path: path, "CSR file \(resolved): \(error)")
            return nil
        }
    }

    private func loadCertificate(_ reference: Located<String>, _ path: FieldPath) -> AdoptedCertificateDocument? {
        guard let (resolved, text) = read(reference, path, what: "certificate") else { return nil }
        SecretScanner.scanText(text, file: resolved, sink: sink)
        do {
            let block = try PEMBlock.first(in: text, labels: ["CERTIFICATE"])
            if let problem = DERStructure.certificateProblem(block.der) { throw DocumentProblem(problem) }
            return AdoptedCertificateDocument(path: resolved, pem: text, location: reference.location)
        } catch {
            sink.report(.unparseableFile, at: reference.location, path: path, "certificate file \(resolved): \(error)")
            return nil
        }
    }

    private func loadJWKS(_ reference: Located<String>, _ path: FieldPath) -> JSONWebKeySetDocument? {
        guard let (resolved, text) = read(reference, path, what: "JWKS") else { return nil }
        guard let ids = JWKSInspector.inspect(text, file: resolved, reference: reference, path: path, sink: sink)
        else { return nil }
        return JSONWebKeySetDocument(path: resolved, json: text, keyIDs: ids)
    }

    /// Resolves and reads a referenced file; its text joins the sink's catalog so problems inside it quote it.
    private func read(_ reference: Located<String>, _ path: FieldPath, what: String) -> (String, String)? {
        if reference.value.contains("-----BEGIN") {
            sink.report(
                .invalidValue, at: reference.location, path: path,
                "must name a \(what) file beside the partner file, not hold PEM text"
            )
            return nil
        }
        guard let resolved = RepositoryPath.resolve(reference.value, besides: file) else {
            sink.report(
                .invalidValue, at: reference.location, path: path,
                "\"\(reference.value)\" must be a relative path inside the repository (beside the partner file)"
            )
            return nil
        }
        do {
            guard let text = try tree.read(resolved) else {
                sink.report(
                    .missingFile, at: reference.location, path: path,
                    "\(what) file \(resolved) does not exist; paths are relative to the partner file"
                )
                return nil
            }
            sink.addSource(resolved, text: text)
            return (resolved, text)
        } catch {
            sink.report(.unparseableFile, at: reference.location, path: path, "\(what) file \(resolved) \(error)")
            return nil
        }
    }
}
