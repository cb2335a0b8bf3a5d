import CaseTracker

// How corrections and voidings are presented, in a record's `show`.

extension Correction {
  var record: Record {
    Record([
      ("id", .text(id)), ("field", .text(label)), ("old_value", Field(oldValue)), ("new_value", Field(newValue)),
      ("reason", Field(reason)), ("at", .text(at)), ("actor", .text(actor)),
    ])
  }

  /// One line of a record's history: `2026-12-07 13:14 +03:00 akinyi: date 2026-11-02 → 2026-11-03 (wrong day)`.
  var line: String {
    let why = reason.map { " (\($0))" } ?? ""
    if field == "voided" { return "\(LocalInstant.shown(at)) \(actor): voided\(why)" }
    return "\(LocalInstant.shown(at)) \(actor): \(label) \(Self.shown(oldValue)) → \(Self.shown(newValue))\(why)"
  }

  /// A value in a history line: quoted when it is text with spaces, `(none)` when empty.
  static func shown(_ value: String?) -> String {
    guard let value, !value.isEmpty else { return "(none)" }
    let oneLine = value.split(whereSeparator: \.isNewline).joined(separator: " ")
    let short = oneLine.count > 60 ? oneLine.prefix(59) + "…" : Substring(oneLine)
    return short.contains(" ") ? "'\(short)'" : String(short)
  }
}

/// The lines a `show` adds for a record's voiding and corrections.
enum CorrectionDetails {
  static func lines(voidedAt: String?, voidReason: String?, corrections: [Correction]) -> [(String, String)] {
    var lines: [(String, String)] = []
    if let voidedAt {
      let by = corrections.first { $0.field == "voided" }?.actor
      lines.append(("Voided", "\(LocalInstant.shown(voidedAt))\(by.map { " by \($0)" } ?? ""): \(voidReason ?? "")"))
    }
    for (index, correction) in corrections.enumerated() {
      lines.append((index == 0 ? "Corrections" : "", correction.line))
    }
    return lines
  }

  /// The record with its history, for `show` in JSON.
  static func record(_ record: Record, corrections: [Correction]) -> Record {
    var record = record
    record.fields.append((name: "corrections", value: .records(corrections.map(\.record))))
    return record
  }
}
