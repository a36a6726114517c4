import Foundation

extension JSONValue {
    /// Canonical JSON: sorted keys, no insignificant space, integers without a fraction. Equal documents give equal
    /// text, so state and plans compare documents by text.
    public var canonicalText: String {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        write(to: &output, indent: nil, level: 0)
        return String(decoding: output, as: UTF8.self)
    }

    /// Pretty JSON (sorted keys, two-space indent) for files people read.
    public var prettyText: String {
        var output: [UInt8] = []
        write(to: &output, indent: 2, level: 0)
        output.append(UInt8(ascii: "\n"))
        return String(decoding: output, as: UTF8.self)
    }

    /// SHA-256 of the canonical text, hex.
    public var digest: String {
        SHA256Digest.hex(canonicalText)
    }

    private func write(to output: inout [UInt8], indent: Int?, level: Int) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value):
            let text = value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
            output.append(contentsOf: text.utf8)
        case .string(let value): Self.quote(value, into: &output)
        case .array(let items):
            guard !items.isEmpty else { output += [UInt8(ascii: "["), UInt8(ascii: "]")]; return }
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, indent, level + 1)
                item.write(to: &output, indent: indent, level: level + 1)
            }
            Self.newline(&output, indent, level)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else { output += [UInt8(ascii: "{"), UInt8(ascii: "}")]; return }
            output.append(UInt8(ascii: "{"))
            // Members sorted by key with their values (no lookup per key); keys compare as String does.
            for (index, member) in object.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, indent, level + 1)
                Self.quote(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                if indent != nil { output.append(UInt8(ascii: " ")) }
                member.value.write(to: &output, indent: indent, level: level + 1)
            }
            Self.newline(&output, indent, level)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ output: inout [UInt8], _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        output.append(UInt8(ascii: "\n"))
        output += repeatElement(UInt8(ascii: " "), count: indent * level)
    }

    /// Escapes `"`, `\` and control characters; everything else (UTF-8 included) is copied as is.
    private static func quote(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // One pass: the runs between escapes are appended whole (a gateway configuration is megabytes of lines,
            // each with quotes and a newline), each escape in place.
            var run = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                if run < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index])) }
                run = index + 1
                let escaped: UInt8? =
                    switch byte {
                    case 0x22: 0x22
                    case 0x5C: 0x5C
                    case 0x0A: UInt8(ascii: "n")
                    case 0x0D: UInt8(ascii: "r")
                    case 0x09: UInt8(ascii: "t")
                    default: nil
                    }
                if let escaped {
                    output.append(0x5C)
                    output.append(escaped)
                } else {
                    output += Array(String(format: "\\u%04x", byte).utf8)
                }
            }
            if run < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...])) }
        }
        output.append(UInt8(ascii: "\""))
    }
}
