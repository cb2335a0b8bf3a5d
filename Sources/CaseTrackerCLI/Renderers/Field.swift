/// A value to render: what a record's field holds, independent of the output format.
indirect enum Field: Equatable, Sendable {
  case null
  case text(String)
  case int(Int)
  case real(Double)
  case bool(Bool)
  case list([Field])
  /// Nested records, such as a case's events: an array of objects in JSON.
  case records([Record])
  /// One nested record: an object in JSON.
  case object(Record)

  init(_ text: String?) { self = text.map { .text($0) } ?? .null }
  init(_ int: Int?) { self = int.map { .int($0) } ?? .null }
  init(_ texts: [String]) { self = .list(texts.map { .text($0) }) }
  init(_ number: Double?) { self = number.map { .real($0) } ?? .null }

  /// The field as one cell of text: lists joined by commas, null empty, booleans `true`/`false`.
  var plain: String {
    switch self {
    case .null: ""
    case .text(let text): text
    case .int(let int): String(int)
    case .real(let real): real == real.rounded() && abs(real) < 1e15 ? String(Int(real)) : String(real)
    case .bool(let bool): bool ? "true" : "false"
    case .list(let items): items.map(\.plain).joined(separator: ",")
    case .records(let records): "\(records.count) records"
    case .object(let record): record.fields.map { "\($0.name)=\($0.value.plain)" }.joined(separator: " ")
    }
  }
}

/// A record: named fields in display order. JSON sorts the names; tables and CSV keep this order.
struct Record: Equatable, Sendable {
  var fields: [(name: String, value: Field)]

  init(_ fields: [(String, Field)]) { self.fields = fields.map { (name: $0.0, value: $0.1) } }

  subscript(name: String) -> Field { fields.first { $0.name == name }?.value ?? .null }

  static func == (lhs: Record, rhs: Record) -> Bool {
    lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
  }
}

/// A column of a terminal table: a heading and how to show one record's cell.
struct TableColumn: Sendable {
  let heading: String
  /// Cells wider than this are cut with an ellipsis.
  let maxWidth: Int
  /// Free text (a title, a name, a summary, reasons): cut further, with an ellipsis, so that the table
  /// fits the terminal. Codes, ids, dates, statuses and numbers (the default) are never cut.
  let free: Bool
  /// When the table cannot fit even with its free text at the minimum, the columns with a `drop` rank are
  /// left out, the lowest rank first, until it fits (a narrow terminal; JSON and CSV keep every field).
  let drop: Int?
  /// Free text worth reading whole (a timeline's notes): on a terminal its lines wrap at spaces within the
  /// column's width, instead of being cut.
  var wrap = false
  let cell: @Sendable (Record) -> String

  /// A column showing the field `name` as plain text.
  init(
    _ heading: String, _ name: String, maxWidth: Int = TableRenderer.maxCellWidth, free: Bool = false,
    drop: Int? = nil
  ) {
    self.heading = heading
    self.maxWidth = maxWidth
    self.free = free
    self.drop = drop
    self.cell = { $0[name].plain }
  }

  init(
    _ heading: String, maxWidth: Int = TableRenderer.maxCellWidth, free: Bool = false, drop: Int? = nil,
    cell: @escaping @Sendable (Record) -> String
  ) {
    self.heading = heading
    self.maxWidth = maxWidth
    self.free = free
    self.drop = drop
    self.cell = cell
  }

  /// This column, its cells wrapped on a terminal instead of cut.
  func wrapping() -> TableColumn {
    var column = self
    column.wrap = true
    return column
  }
}
