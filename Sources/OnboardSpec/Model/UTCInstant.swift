import Foundation

/// The one textual form of the instants onboard reads in its files and writes into FHIR resources (grant windows,
/// AuditEvent and Provenance times): UTC, whole seconds, `Z` — a FHIR `instant` to the second.
public enum UTCInstant {
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
            bytes[16] == 0x3A, bytes[19] == 0x5A, digits.allSatisfy({ (0x30...0x39).contains(bytes[$0]) })
        else { return nil }
        func number(_ start: Int, _ count: Int) -> Int {
            bytes[start..<start + count].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC")
        (components.year, components.month, components.day) = (number(0, 4), number(5, 2), number(8, 2))
        (components.hour, components.minute, components.second) = (number(11, 2), number(14, 2), number(17, 2))
        guard components.isValidDate, let date = components.date else { return nil }
        return date
    }

    public static func text(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
