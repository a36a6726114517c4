/// The codes onboard reports, grouped by the part that raises them. They appear in `--json` output and in the
/// one-line human error, so they never change meaning once released.
extension OnboardError.Code {
    // MARK: Plan and apply

    /// Partner files were removed while their resources are applied, and `--allow-removal` was not given.
    public static let removalRefused = Self("removal-refused")
    /// A saved plan was made against another state serial, lineage or set of inputs.
    public static let stalePlan = Self("stale-plan")
    /// A plan file this onboard cannot read (another format version, not a plan).
    public static let unsupportedPlan = Self("unsupported-plan")
    /// An apply stopped for a reason that carries no code of its own; what came before is applied and recorded.
    public static let applyStopped = Self("apply-stopped")
    /// A partner file adopts an object that does not exist, that another partner or deployment owns, or that another
    /// partner file adopts too; the diagnostics name the lines.
    public static let adoptionRefused = Self("adoption-refused")
    /// A partner's `jwksUri` cannot be read, is not a key set, has no usable signing key or publishes a private key;
    /// the diagnostics name the lines.
    public static let keySetUnusable = Self("key-set-unusable")
    /// An open grant names a patient or basis the FHIR server does not hold, or a basis about another patient; the
    /// diagnostics name the lines.
    public static let grantReferenceUnknown = Self("grant-reference-unknown")

    // MARK: State

    /// Another run holds the state lock; the message names it.
    public static let locked = Self("locked")
    /// The state (or another store onboard writes) cannot be read or written.
    public static let storage = Self("storage")
    /// The state holds something this onboard cannot make sense of.
    public static let corrupt = Self("corrupt")

    // MARK: Certificate authority

    public static let notInitialized = Self("ca-not-initialized")
    public static let alreadyInitialized = Self("ca-already-initialized")
    public static let passphraseMissing = Self("passphrase-missing")
    public static let wrongPassphrase = Self("wrong-passphrase")
    /// The CA's files are damaged or were edited by hand.
    public static let corruptStore = Self("ca-corrupt")
    public static let malformedCSR = Self("malformed-csr")
    public static let badCSRSignature = Self("bad-csr-signature")
    public static let weakKey = Self("weak-key")
    public static let subjectMismatch = Self("subject-mismatch")
    public static let unknownSerial = Self("unknown-serial")
    public static let notOnHold = Self("not-on-hold")
    /// The external CA's role (OpenBao/Vault PKI) could issue more than partner client certificates; the message
    /// names the settings. Nothing was signed.
    public static let caRoleTooBroad = Self("ca-role-too-broad")

    // MARK: Platform

    /// Someone else changed the resource since onboard read it (HTTP 412); nothing was overwritten.
    public static let conflict = Self("conflict")
    /// The server could not be reached, or kept answering 429/503, after every retry.
    public static let unreachable = Self("unreachable")
    /// The server refused the request (4xx) for a reason onboard cannot fix by retrying.
    public static let rejected = Self("rejected")
    /// The resource exists but is not onboard's (no ownership tag); onboard never touches it.
    public static let notOwned = Self("not-owned")
    /// The server answered something its protocol does not allow.
    public static let protocolViolation = Self("protocol-violation")
    /// A live target is configured wrongly (missing variable, unreadable file).
    public static let configuration = Self("configuration")

    // MARK: Command line

    /// The repository's files have errors (listed as diagnostics); nothing ran.
    public static let invalidFiles = Self("invalid-files")
    /// The command was called in a way it cannot run (an option that does not fit, a partner that does not exist).
    public static let usage = Self("usage")
    /// A failure that carries no code of its own (a library error that reached the command line as it was).
    public static let unexpected = Self("unexpected")

    // MARK: Output

    /// A file onboard produces (a kit, an embedded platform file) could not be written.
    public static let artifact = Self("artifact")
}
