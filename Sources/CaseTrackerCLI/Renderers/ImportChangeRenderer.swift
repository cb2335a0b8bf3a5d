import CaseTracker

/// The lines `producer import --dry-run` and `--verbose` write: one per producer added or changed, then the
/// totals.
///
///     line 4: add Kuapa Kokoo (FLO 2311), GH
///     line 7: Sunrise Flower Farm (FLO 4509): name 'Sunrise Flower Farm' → 'Sunrise Duplicate'
enum ImportChangeRenderer {
  static func line(_ change: ImportChange) -> String {
    switch change {
    case .added(let line, let name, let floID, let country):
      return TerminalText.escaped("line \(line): add \(name)\(floID.map { " (FLO \($0))" } ?? ""), \(country)")
        + "\n"
    case .updated(let line, let name, let floID, let shortID, let fields):
      let producer = "\(name) (\(floID.map { "FLO \($0)" } ?? shortID))"
      let changes = fields.map { "\($0.field) \(value($0.old, $0.field)) → \(value($0.new, $0.field))" }
      return TerminalText.escaped("line \(line): \(producer): \(changes.joined(separator: "; "))") + "\n"
    }
  }

  /// Free text quoted, so that spaces at either end show; codes, numbers and dates as they are.
  private static func value(_ text: String?, _ field: String) -> String {
    guard let text else { return "(none)" }
    return field == "name" || field == "products" ? "'\(text)'" : text
  }

  /// "would add 3, update 2, leave 40 unchanged", or with `dryRun` false "added 3, updated 2, 40 unchanged".
  static func total(_ summary: ImportSummary, dryRun: Bool) -> String {
    dryRun
      ? "would add \(summary.added), update \(summary.updated), leave \(summary.unchanged) unchanged"
      : "\(summary.added) added, \(summary.updated) updated, \(summary.unchanged) unchanged"
  }
}
