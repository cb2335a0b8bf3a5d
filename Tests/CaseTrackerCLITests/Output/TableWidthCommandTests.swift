import Foundation
import Testing

/// A table fits `$COLUMNS` (or the terminal): free-text columns are cut with `…`, codes, ids, dates,
/// statuses and numbers never are. Piped without `$COLUMNS`, tables are as they always were.
@Suite struct TableWidthCommandTests {
  /// The demo's small unit, on a fixed today.
  static func demo() throws -> Sandbox {
    let box = try Sandbox()
    let made = try box.run(["demo", "--cases", "400", "--producers", "60", "--today", today, "-q"])
    #expect(made.status == 0, "\(made.stderr)")
    return box
  }

  static let today = "2026-11-26"

  /// Each list command with its free-text columns.
  static let lists: [(arguments: [String], free: Set<String>)] = [
    (["case", "list"], ["FOR", "TITLE"]), (["visit", "list"], ["WITH", "SUMMARY"]),
    (["nc", "list"], ["PRODUCER", "DESCRIPTION"]), (["readiness", "list"], ["PRODUCER", "REASONS"]),
  ]

  func run(_ box: Sandbox, _ arguments: [String], columns: String? = nil) throws -> Run {
    let run = try box.run(
      ["--today", Self.today] + arguments, environment: columns.map { ["COLUMNS": $0] } ?? [:])
    #expect(run.status == 0, "\(arguments): \(run.stderr)")
    #expect(run.stderr.isEmpty, "\(arguments): \(run.stderr)")
    return run
  }

  @Test(arguments: [80, 120]) func listsFitTheWidthOrTakeTheirNarrowest(width: Int) throws {
    let box = try Self.demo()
    for (arguments, free) in Self.lists {
      let piped = Table(try run(box, arguments).stdout)
      let fitted = Table(try run(box, arguments, columns: String(width)).stdout)
      #expect(piped.width > width, "\(arguments) is already narrow: the test shows nothing")
      // At 120 every column shows; at 80 the case and visit lists leave out the columns they rank first to
      // go (their codes, dates and numbers alone take more than 80), the others keep every column.
      let leftOut: [String: [String]] = [
        "case": ["OPENED", "CC", "PRIORITY", "TYPE"], "visit": ["CASES", "CC"],
      ]
      let expected =
        width == 80 ? piped.headings.filter { !(leftOut[arguments[0]] ?? []).contains($0) } : piped.headings
      #expect(fitted.headings == expected, "\(arguments) at \(width)")
      #expect(fitted.rows.count == piped.rows.count && fitted.rows.count > 5)
      var cut = 0
      for (row, whole) in zip(fitted.rows, piped.rows) {
        for (index, heading) in fitted.headings.enumerated() {
          let wholeCell = whole[piped.index(heading)]
          if !free.contains(heading) {
            #expect(row[index] == wholeCell, "\(arguments) \(heading): codes are never cut")
          } else if row[index] != wholeCell {
            cut += 1
            #expect(row[index].hasSuffix("…") && wholeCell.hasPrefix(row[index].dropLast()), "\(row[index])")
          }
        }
      }
      #expect(cut > 0, "\(arguments) at \(width)")
      #expect(fitted.width <= width, "\(arguments) at \(width): \(fitted.width) wide")
    }
  }

  @Test func aLongNoteWrapsInTheTimelineOnANarrowTerminal() throws {
    let box = try fieldOffice()
    let id = try box.openCase(["--type", "trade", "--title", "Buyer for the tea", "--producer", "27651"])
    let note =
      "Met the board of the cooperative about the premium plan, the audit and the internal control system; they will send the minutes by Friday"
    try box.act(["case", "note", id, note])
    let shown = try box.run(["case", "show", id, "--today", "2026-11-26"], environment: ["COLUMNS": "80"]).stdout
    let lines = shown.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 80 }, "\(shown)")
    // Every word is there, in order, on the note's lines; nothing is cut.
    let start = try #require(lines.firstIndex { $0.contains("note: Met the board") })
    let text = lines[start...].prefix { $0 == lines[start] || $0.hasPrefix(" ") }
      .map { $0.split(separator: " ").joined(separator: " ") }.joined(separator: " ")
    #expect(text.hasSuffix("note: " + note), "\(text)")
    #expect(!shown.contains("…"))
  }

  @Test func onATerminalTablesFitItsWidth() throws {
    let box = try Self.demo()
    for (arguments, columns) in [(["nc", "list"], 90), (["readiness", "list"], 100)] {
      let text = try box.onTerminal(columns: columns, ["--today", Self.today] + arguments)
      let table = Table(text)
      #expect(table.rows.count > 5, "\(text)")
      #expect(table.width <= columns && table.width >= columns - 2, "\(arguments): \(table.width) wide")
      #expect(text.contains("…"))
    }
  }

  @Test func pipedTablesKeepTheirRowsWhole() throws {
    let box = try Self.demo()
    let cases = try #require(try json(try run(box, ["case", "list", "--format", "json"]).stdout) as? [[String: Any]])
    let table = Table(try run(box, ["case", "list"]).stdout)
    #expect(table.rows.count == cases.count)
    #expect(table.width > 150)
    #expect(!table.lines.contains { $0.contains("…") })
    for (row, record) in zip(table.rows, cases) {
      #expect(row[table.index("ID")] == String((record["id"] as? String ?? "").prefix(8)))
      #expect(row[table.index("OPENED")] == String((record["opened_at"] as? String ?? "").prefix(10)))
      #expect(row[table.index("TITLE")] == record["title"] as? String)
      #expect(row[table.index("FOR")] == (record["producer_name"] as? String ?? record["country"] as? String))
    }
    // A $COLUMNS that is not a width is ignored: the same whole rows.
    for columns in ["", "abc", "0", "-80", "80x"] {
      #expect(try run(box, ["case", "list"], columns: columns).stdout == table.text, "COLUMNS=\(columns)")
    }
    // JSON and CSV carry every value whole, whatever the width.
    for format in ["json", "csv"] {
      for arguments in Self.lists.map(\.arguments) {
        let whole = try run(box, arguments + ["--format", format]).stdout
        #expect(try run(box, arguments + ["--format", format], columns: "80").stdout == whole)
      }
    }
  }

  @Test func theRegionReportFitsTheWidth() throws {
    let box = try Self.demo()
    let arguments = ["report", "region", "AME-ECA", "--period", "2026-Q3"]
    let report = try #require(try json(try run(box, arguments + ["--format", "json"]).stdout) as? [String: Any])
    let overdue = try #require((report["cases"] as? [String: Any])?["oldest_overdue"] as? [[String: Any]])
    #expect(!overdue.isEmpty)
    let piped = try run(box, arguments).stdout
    #expect(
      piped.contains(
        "\nAME-ECA Eastern & Central Africa (sub-region of AME, 8 countries), 2026-Q3: 2026-07-01 to 2026-09-30\n"))
    #expect(piped.contains("  CD       Congo, The Democratic Republic of the  "))
    #expect(!piped.contains("…"))
    // Written to a file, it is not fitted to the terminal's width or $COLUMNS.
    let file = box.folder.appendingPathComponent("report.txt")
    let written = try box.run(
      ["--today", Self.today] + arguments + ["--output", file.path], environment: ["COLUMNS": "80"])
    #expect(written.status == 0 && written.stdout.isEmpty)
    #expect(try String(contentsOf: file, encoding: .utf8) == piped)
    for width in [80, 120] {
      let text = try run(box, arguments, columns: String(width)).stdout
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(text.contains("…"))
      // Codes, ids, dates and numbers whole: each overdue case's row.
      for item in overdue {
        let id = String((item["id"] as? String ?? "").prefix(8))
        let row = try #require(lines.first { $0.hasPrefix("  \(id)  ") }, "\(id) at \(width)")
        // At 80 the table leaves out Opened (then CC and Type, if need be), the columns it ranks first to go.
        let values =
          width == 80
          ? [item["due_date"], item["officer"]]
          : [item["opened_on"], item["due_date"], item["type"], item["officer"], item["country"]]
        for value in values {
          #expect(row.contains("  \(value as? String ?? "?")  "), "\(row)")
        }
      }
      // Every line fits.
      for line in lines { #expect(line.count <= width, "\(line)") }
      if width == 80 {
        #expect(
          text.contains("\nAME-ECA Eastern & Central Africa (sub-region of AME, 8 countries), 2026-Q3:\n2026-07-01"))
        #expect(text.contains("  Country  Name           Opened  Closed  at end   at end  Activities    covered\n"))
        #expect(text.contains("  CD       Congo, The D…       1       1       0        0           1          1\n"))
        #expect(text.contains("\n  Case      Due         overdue  "), "\(text)")
      }
    }
  }
}

extension Sandbox {
  /// Runs `psr arguments…` with stdout on a pseudo-terminal `columns` wide (`script`, the terminal sized
  /// by `stty`), without `$COLUMNS`, and returns what the terminal received, its line ends `\n`.
  fileprivate func onTerminal(columns: Int, _ arguments: [String]) throws -> String {
    let command = [Self.executable.path, "--db", db] + arguments
    let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
    let shell = "stty cols \(columns) rows 40 && " + quoted + " 2>/dev/null"
    #if os(Linux)
      let scriptArguments = ["-qec", shell, "/dev/null"]
    #else
      let scriptArguments = ["-q", "/dev/null", "/bin/sh", "-c", shell]
    #endif
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = scriptArguments
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "NO_COLOR": "1", "TERM": "xterm", "TZ": "UTC"]
    let out = Pipe()
    process.standardOutput = out
    process.standardInput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
  }
}

/// A table as the renderer writes it: columns start where their headings do.
struct Table {
  let text: String
  let lines: [String]
  let headings: [String]
  let rows: [[String]]

  init(_ text: String) {
    self.text = text
    lines = text.split(separator: "\n").map(String.init)
    let header = Array(lines.first ?? "")
    // A heading starts after two spaces (one space is inside a heading, as in FLO ID).
    let starts = header.indices.filter { index in
      header[index] != " " && (index == 0 || (index >= 2 && header[index - 1] == " " && header[index - 2] == " "))
    }
    func cells(_ line: [Character]) -> [String] {
      starts.indices.map { k in
        let start = min(starts[k], line.count)
        let end = k + 1 < starts.count ? min(starts[k + 1], line.count) : line.count
        return String(line[start..<end]).trimmingCharacters(in: .whitespaces)
      }
    }
    headings = cells(header)
    rows = lines.dropFirst().map { cells(Array($0)) }
  }

  /// The widest line, in columns (the demo's text has no double-width characters).
  var width: Int { lines.map(\.count).max() ?? 0 }

  func index(_ heading: String) -> Int { headings.firstIndex(of: heading) ?? -1 }
}
