import CaseTracker

/// Stored instants (UTC ISO-8601 text) as a person reads them in tables and `show` views: in local time
/// (`TZ`), with the offset, `2026-11-26 14:32 +03:00`. JSON and CSV keep the stored UTC text, the contract.
enum LocalInstant {
  /// `2026-11-26 14:32 +03:00`; an empty value stays empty, and text that is not an instant is shown as
  /// it is.
  static func shown(_ instant: String) -> String {
    guard let local = LocalTime.reading(of: instant) else { return instant }
    return "\(local.date) \(local.time) \(local.offset)"
  }

  /// The field `name` of `record` as `shown` gives it.
  static func shown(_ record: Record, _ name: String) -> String { shown(record[name].plain) }

  /// The local calendar date of an instant, `2026-11-26`.
  static func date(_ instant: String) -> String {
    LocalTime.reading(of: instant)?.date ?? String(instant.prefix(10))
  }
}
