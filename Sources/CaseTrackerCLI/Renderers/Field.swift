/// A value to render: what a record's field holds, independent of the output format.
indirect enum Field: Equatable, Sendable {
  case null
  case text(String)
  case int(Int)
  case bool(Bool)
  case list([Field])

  init(_ text: String?) { self = text.map { .text($0) } ?? .null }
  init(_ int: Int?) { self = int.map { .int($0) } ?? .null }
  init(_ texts: [String]) { self = .list(texts.map { .text($0) }) }

  /// The field as one cell of text: lists joined by commas, null empty, booleans `true`/`false`.
  var plain: String {
    switch self {
    case .null: ""
    case .text(let text): text
    case .int(let int): String(int)
    case .bool(let bool): bool ? "true" : "false"
    case .list(let items): items.map(\.plain).joined(separator: ",")
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
  let cell: @Sendable (Record) -> String

  /// A column showing the field `name` as plain text.
  init(_ heading: String, _ name: String) {
    self.heading = heading
    self.cell = { $0[name].plain }
  }

  init(_ heading: String, cell: @escaping @Sendable (Record) -> String) {
    self.heading = heading
    self.cell = cell
  }
}
