import Foundation

/// Names this onboard executable (path, size, modification time), so local caches written by another build — whose
/// checks may differ — are not trusted by this one.
enum BuildIdentity {
    static let current: String = {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? "onboard"
        var status = stat()
        guard stat(executable, &status) == 0 else { return "\(executable) unknown \(UUID().uuidString)" }
        return "\(executable) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    }()
}
