import OnboardCLI

/// The `onboard` executable: runs the async command tree of OnboardCLI.
@main
enum OnboardMain {
    static func main() async {
        await OnboardCommand.main()
    }
}
