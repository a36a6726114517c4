import ArgumentParser

/// How `plan` prints: for people, for a pull-request comment, or as JSON.
enum PlanOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case human
    case markdown
    case json
}
