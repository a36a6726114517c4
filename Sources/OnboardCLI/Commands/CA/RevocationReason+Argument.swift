import ArgumentParser
import OnboardCore

extension RevocationReason: ExpressibleByArgument {}
