import ScortaHarness
import ScortaKit

/// Generates malformed command lines and CSV files for every command in the
/// tree: a well-formed invocation built from the command's own spec, then one
/// or two faults (an unknown option, a missing value, a missing required
/// option, a bad value of the option's kind, an extra argument, a malformed
/// CSV row...). Case `i` depends only on the seed and `i`, so a crashing case
/// can be regenerated and named.
public struct BadInputCases: BadInputTrial.Cases {
    public typealias Case = BadInputTrial.Case

    let commands: [(path: [String], spec: CommandSpec)]
    let folder: String
    let seed: UInt64

    /// Every runnable command of `root` except `trial` (the harness itself).
    public init(root: CommandSpec, folder: String, seed: UInt64) {
        var found: [(path: [String], spec: CommandSpec)] = []
        func walk(_ spec: CommandSpec, _ path: [String]) {
            if spec.run != nil { found.append((path, spec)) }
            for sub in spec.subcommands where !(path.isEmpty && sub.name == "trial") { walk(sub, path + [sub.name]) }
        }
        walk(root, [])
        commands = found
        self.folder = folder
        self.seed = seed
    }

    public var commandCount: Int { commands.count }

    // MARK: - Values: each option's and argument's declared kind gives a good value and bad ones

    static func good(_ option: CommandSpec.Option) -> String {
        option.name == "--to" ? "EMP" : option.kind?.good ?? "X1"
    }

    // MARK: - Cases

    public func make(_ index: Int) -> Case {
        var random = SeededRandom(seed: seed &* 0x9E37_79B9 &+ UInt64(index))
        let (path, spec) = commands[random.int(0..<commands.count)]
        var options: [(String, String?)] = []
        for option in spec.options where spec.required.contains(option.name) {
            options.append((option.name, Self.good(option)))
        }
        // The positional arguments, well formed.
        var positionals = spec.arguments.filter { !$0.optional }.map(\.kind.good)
        if path == ["transfer"] || path == ["kit", "assemble"] || path == ["kit", "disassemble"] {
            if let index = options.firstIndex(where: { $0.0 == "--to" }) { options[index].1 = "EMP" }
        }
        if spec.arguments.last?.repeating == true, spec.arguments.last?.optional == true,
            spec.options.contains(where: { $0.name == "--file" }) == false || random.chance(50)
        {
            positionals.append(spec.arguments.last!.kind.good)
        }
        var file: (path: String, bytes: [UInt8])?
        var faults: [String] = []
        let faultCount = random.chance(25) ? 2 : 1
        for _ in 0..<faultCount {
            switch random.int(0..<11) {
            case 0:
                let near =
                    spec.options.isEmpty
                    ? "--bogus" : String(spec.options[random.int(0..<spec.options.count)].name.dropLast())
                options.insert(
                    (random.chance(50) ? near : "--no-such-option", nil), at: random.int(0..<(options.count + 1)))
                faults.append("unknown option")
            case 1:
                if !faults.contains("missing value"),
                    let option = spec.options.filter({ $0.valueName != nil }).randomElement(using: &random)
                {
                    options.append((option.name, nil))
                    faults.append("missing value")
                } else {
                    positionals.append("--")
                    positionals.append("stray")
                    faults.append("stray argument")
                }
            case 2 where !spec.required.isEmpty:
                let dropped = spec.required.sorted()[random.int(0..<spec.required.count)]
                options.removeAll { $0.0 == dropped }
                faults.append("missing required option")
            case 3, 4:
                let mutable = spec.options.compactMap { option in option.kind.map { (option, $0.bad) } }.filter {
                    !$0.1.isEmpty
                }
                if let (option, bad) = mutable.randomElement(using: &random) {
                    options.removeAll { $0.0 == option.name }
                    options.append((option.name, bad[random.int(0..<bad.count)]))
                    faults.append("bad \(option.valueName ?? "") value")
                } else {
                    options.append(("--bogus", nil))
                    faults.append("unknown option")
                }
            case 5, 6:
                let mutable = positionals.indices.compactMap { index -> (Int, [String])? in
                    guard !spec.arguments.isEmpty else { return nil }
                    let argument = spec.arguments[min(index, spec.arguments.count - 1)]
                    return argument.kind.bad.isEmpty ? nil : (index, argument.kind.bad)
                }
                if let (position, bad) = mutable.randomElement(using: &random) {
                    positionals[position] = bad[random.int(0..<bad.count)]
                    faults.append("bad argument")
                } else {
                    positionals.append("unexpected-\(random.int(0..<100))")
                    faults.append("extra argument")
                }
            case 7:
                if let flag = spec.options.first(where: { $0.valueName == nil }) {
                    options.append(("\(flag.name)=yes", nil))
                    faults.append("flag with a value")
                } else {
                    options.append(("--help-me", nil))
                    faults.append("unknown option")
                }
            case 8 where path == ["household", "import"] && !positionals.isEmpty:
                let target = folder + "/case-\(index).csv"
                file = (target, Self.malformedHouseholdCSV(random: &random))
                positionals[0] = target
                faults.append(
                    "malformed household CSV \(String(decoding: file!.bytes.prefix(80), as: UTF8.self).debugDescription)"
                )
            case 8 where spec.options.contains { $0.name == "--file" }:
                let target = folder + "/case-\(index).csv"
                file = (target, Self.malformedCSV(counts: path == ["count"], random: &random))
                options.removeAll { $0.0 == "--file" }
                options.append(("--file", target))
                faults.append(
                    "malformed CSV \(String(decoding: file!.bytes.prefix(80), as: UTF8.self).debugDescription)")
            // Commands that need no operator (the demo, benchmarks) would run for real with any name.
            case 9 where AccessRules.rule(for: path) != .open:
                options.append(
                    ("--operator", ["nobody-\(random.int(0..<1_000))", "", "   ", "TRIAL"][random.int(0..<4)]))
                faults.append("unknown operator")
            default:
                if path.count > 1 {
                    var wrong = path
                    wrong[wrong.count - 1] = String(wrong[wrong.count - 1].dropFirst())
                    return Case(arguments: wrong + positionals, file: nil, fault: "misspelled subcommand")
                }
                positionals.insert(contentsOf: ["--", "-5"], at: 0)
                faults.append("stray negative argument")
            }
        }
        // An option left without its value only reads as missing at the very end.
        let isValueOption = { (name: String) in spec.options.contains { $0.name == name && $0.valueName != nil } }
        let missing = options.filter { $0.1 == nil && isValueOption($0.0) }.map(\.0)
        var arguments = path
        for (name, value) in options where !(value == nil && isValueOption(name)) {
            arguments.append(name)
            if let value { arguments.append(value) }
        }
        arguments += positionals + missing
        return Case(arguments: arguments, file: file, fault: faults.joined(separator: " + "))
    }

    /// A household import (one row per member) with one fault.
    static func malformedHouseholdCSV(random: inout SeededRandom) -> [UInt8] {
        let header = "household,sex,born,band,homeless"
        let badRows = [
            "A,q,1980,,yes", "A,f,1980-13,,no", "A,f,,,no", "A,f,19x0,,no", "A,f,1980,99-100,no", "A,f,1980,,maybe",
            ",f,1980,,no", "A,f,1980,,no,extra", "\"A,f,1980", "A,f,2999-01-01,,no", "A,f,,0-99,no"
        ]
        switch random.int(0..<6) {
        case 0: return []
        case 1: return Array((header + "\n").utf8)
        case 2: return Array("family,gender\nA,f\n".utf8)
        case 3: return Array((header + "\n").utf8) + [0xFF, 0xFE, 0x2C, 0x66, 0x0A]
        default:
            var rows = (0..<random.int(0..<10)).map { "H\($0),f,1980,,no" }
            rows.insert(badRows[random.int(0..<badRows.count)], at: random.int(0..<(rows.count + 1)))
            return Array(([header] + rows).joined(separator: "\n").utf8)
        }
    }

    /// A delivery or count sheet with one fault: a bad row among good ones, a
    /// wrong header, no rows, bytes that are not UTF-8.
    static func malformedCSV(counts: Bool, random: inout SeededRandom) -> [UInt8] {
        let header = counts ? "sku,counted,lot" : "sku,quantity,lot,expiry"
        let badRows =
            [
                "NOPE-SKU,1", "IG-SAP,abc", "IG-SAP,1.5", "IG-SAP,1e3", "IG-SAP,99999999999999999999", "\"IG-SAP,1",
                "IG-SAP",
                ",,,", "IG-SAP,", "IG-SAP,１", " ,1", "IG-SAP,1,L1,2026-02-30", "IG-SAP,1,,2027-01-01",
                "IG-SAP,\"1\"\"\"",
                "IG-SAP,1,\(String(repeating: "L", count: 2_000))"
            ] + (counts ? ["IG-SAP,-1"] : ["IG-SAP,0"])
        switch random.int(0..<8) {
        case 0: return []
        case 1: return Array((header + "\n").utf8)
        case 2: return Array("name,amount\nIG-SAP,1\n".utf8)
        case 3: return Array((header + "\n").utf8) + [0xC3, 0x28, 0x2C, 0x31, 0x0A]
        case 4: return [0xEF, 0xBB, 0xBF] + Array("sku;amount\nIG-SAP;1\n".utf8)
        default:
            var rows = (0..<random.int(0..<20)).map { _ in "IG-SAP,1" }
            rows.insert(badRows[random.int(0..<badRows.count)], at: random.int(0..<(rows.count + 1)))
            return Array(([header] + rows).joined(separator: random.chance(30) ? "\r\n" : "\n").utf8)
        }
    }
}
