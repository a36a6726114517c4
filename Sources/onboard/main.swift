import OnboardCLI

OnboardCommand.main()
