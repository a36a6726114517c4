/// The version of onboard and the git commit this binary was built from (`value`, stamped before each build by the
/// StampBuildCommit plugin): what `onboard --version` prints and `onboard init` pins the pipelines to.
enum BuildCommit {
    /// The release this source is; scripts/release names the tarball after it.
    static let version = "0.2.0"

    static var description: String { "\(version) (commit \(value))" }
}
