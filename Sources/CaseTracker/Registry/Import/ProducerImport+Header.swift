extension ProducerImport {
  /// The next record; a malformed file as an import error naming its line.
  func readRecord(_ reader: inout CSVReader) throws -> CSVRecord? {
    do {
      return try reader.next()
    } catch let error as CSVError {
      throw ImportError(
        problems: [ImportProblem(line: error.line, column: nil, reason: error.reason)], total: 1)
    }
  }

  /// The header's column names, lower-cased; unknown, repeated, unnamed or missing required columns refuse
  /// the file.
  func headerColumns(_ header: CSVRecord) throws -> [String] {
    let names = header.fields.map { $0.trimmedSpaces.lowercased() }
    var problems: [ImportProblem] = []
    var total = 0
    func problem(_ column: String?, _ reason: String) {
      total += 1
      if problems.count < Self.maxProblems {
        problems.append(ImportProblem(line: header.line, column: column, reason: reason))
      }
    }
    for (index, name) in names.enumerated() {
      if name.isEmpty {
        problem(
          nil,
          "column \(index + 1) has no name in the header; name it (the columns are \(Self.columns.joined(separator: ", "))) or delete the column"
        )
      } else if !Self.columns.contains(name) {
        problem(
          nil,
          "unknown column '\(Validate.printable(name))' (column \(index + 1)); the columns are \(Self.columns.joined(separator: ", "))"
        )
      } else if names[..<index].contains(name) {
        problem(name, "column '\(name)' appears twice")
      }
    }
    for name in Self.required where !names.contains(name) {
      problem(name, "the required column '\(name)' is missing")
    }
    if total > 0 { throw ImportError(problems: problems, total: total) }
    return names
  }
}
