/// One problem with one row of an import file.
public struct ImportProblem: Equatable, Sendable, CustomStringConvertible {
  public let line: Int
  /// The column at fault, if one is.
  public let column: String?
  public let reason: String

  public var description: String {
    if let column { return "line \(line), column \(column): \(reason)" }
    return "line \(line): \(reason)"
  }
}

/// An import that was refused: every problem found (the first `ProducerImport.maxProblems` are kept).
public struct ImportError: Error, Equatable, Sendable, CustomStringConvertible {
  public let problems: [ImportProblem]
  /// How many problems there were in all.
  public let total: Int
  /// True when `total` may miss some: the import stopped remembering the keys of refused rows (to keep its
  /// memory bounded), so a later row naming one of them again was not counted.
  public var totalIsAtLeast = false

  public var description: String {
    let count = totalIsAtLeast ? "at least \(total) problems" : "\(total) problems"
    let head =
      total == 1 && !totalIsAtLeast
      ? "the import was refused and nothing was changed: 1 problem"
      : "the import was refused and nothing was changed: \(count)\(total > problems.count ? " (the first \(problems.count) shown)" : "")"
    return ([head + ":"] + problems.map { "  " + $0.description }).joined(separator: "\n")
      + "\nfix these rows and run the import again"
  }
}

/// What an import did, or would do on a dry run.
public struct ImportSummary: Equatable, Sendable {
  public var added = 0
  public var updated = 0
  public var unchanged = 0
  /// How many rows name each country that belongs to no region, by code: their producers are stored, but
  /// no region's report counts them.
  public var rowsOutsideRegions: [String: Int] = [:]
  /// The one warning that lists those countries with their row counts; nil when there are none.
  public var warning: String?
}
