import ArgumentParser

/// `--partner ID` or `--serial S`, exactly one.
struct CertificateSelection: ParsableArguments {
    @Option(help: "Every certificate of this partner.")
    var partner: String?

    @Option(help: "One certificate, by serial (hex, as `ca show` prints it).")
    var serial: String?

    func validate() throws {
        guard (partner == nil) != (serial == nil) else {
            throw ValidationError("give exactly one of --partner or --serial")
        }
    }
}
