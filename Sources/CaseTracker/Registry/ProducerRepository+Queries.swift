import SQLite

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Filters for `ProducerRepository.list`; nil matches everything.
public struct ProducerFilter: Sendable {
  /// The orders a producer list can take.
  public enum Sort: String, CaseIterable, Sendable {
    /// By name, A to Z (the default).
    case name
    /// By FLO ID as a number, producers without one last.
    case floID = "flo-id"
    /// By country code, then name.
    case country
    /// By type (spo, hlo, cp), then name.
    case type
    /// Along the certification state machine (prospect first), then name.
    case status
    /// Largest membership first, unknown last.
    case members
    /// Newest registered in psr first.
    case registered
  }

  public var region: String?
  public var country: String?
  public var type: ProducerType?
  public var status: CertificationStatus?
  public var product: String?
  /// Producers whose name contains this text, case and accents ignored ("cooperative" finds "Coopérative").
  public var name: String?
  public var sort: Sort = .name
  /// At most this many, the first in `sort`'s order.
  public var limit: Int?

  public init(
    region: String? = nil, country: String? = nil, type: ProducerType? = nil,
    status: CertificationStatus? = nil, product: String? = nil
  ) {
    self.region = region
    self.country = country
    self.type = type
    self.status = status
    self.product = product
  }
}

extension ProducerRepository {
  /// The producer a user names by FLO ID or by a unique id prefix of at least six characters.
  ///
  /// No match throws not-found; several throw invalid, listing the candidates.
  public func resolve(_ reference: String) throws -> Producer {
    let text = reference.trimmedSpaces
    var candidates: [Producer] = []
    if let floID = try? Validate.floID(text) {
      // Two laptops may have registered the same producer (DESIGN.md "Sync"): a FLO ID may name both.
      // A duplicate merged into another is named by its id only, unless it alone has the FLO ID.
      let named = try db.rows(
        "SELECT \(Self.columns) FROM producers p WHERE p.flo_id = ? ORDER BY p.created_at, p.id", [floID]
      )
      .map(producer)
      let kept = named.filter { $0.mergedInto == nil }
      candidates += kept.isEmpty ? named : kept
    }
    if let prefix = Identifier.prefix(text) {
      for row in try db.rows(
        "SELECT \(Self.columns) FROM producers p WHERE p.id >= ? AND p.id < ? ORDER BY p.id LIMIT 11",
        [prefix, Identifier.prefixUpperBound(prefix)])
      {
        let producer = try producer(row)
        if !candidates.contains(where: { $0.id == producer.id }) { candidates.append(producer) }
      }
    } else if candidates.isEmpty, !text.isEmpty, text.count < Identifier.minimumPrefix,
      text.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit })
    {
      throw DomainError.notFound(
        "no producer has FLO ID '\(Validate.printable(text))', and an id prefix needs at least \(Identifier.minimumPrefix) characters"
      )
    }
    switch candidates.count {
    case 0:
      throw DomainError.notFound(
        "no producer matches '\(Validate.printable(text))'; give a FLO ID or an id prefix of at least \(Identifier.minimumPrefix) characters (see 'psr producer list')"
      )
    case 1:
      return candidates[0]
    default:
      let listed = candidates.prefix(10).map { "\($0.shortID) \($0.name) (\($0.country))" }
      throw DomainError.invalid(
        "'\(Validate.printable(text))' matches \(candidates.count > 10 ? "more than 10" : String(candidates.count)) producers: \(listed.joined(separator: "; ")); give more characters of the id"
      )
    }
  }

  /// A producer's columns, with the day its current status took effect.
  static let columns = """
    p.*, (SELECT s.on_date FROM producer_status_changes s WHERE s.producer_id = p.id
      ORDER BY s.on_date DESC, s.at DESC, s.seq DESC, s.id DESC LIMIT 1)
      AS status_since
    """

  /// The producer with exactly `id`.
  public func require(id: String) throws -> Producer {
    guard let row = try db.row("SELECT \(Self.columns) FROM producers p WHERE p.id = ?", [id]) else {
      throw DomainError.notFound("no producer has id \(id)")
    }
    return try producer(row)
  }

  /// The producer with exactly `id`, or nil.
  public func producer(id: String) throws -> Producer? {
    try db.row("SELECT \(Self.columns) FROM producers p WHERE p.id = ?", [id]).map(producer)
  }

  /// The producer with `floID` (normalized), or nil.
  public func producer(floID: String) throws -> Producer? {
    try db.row(
      "SELECT \(Self.columns) FROM producers p WHERE p.flo_id = ? ORDER BY p.merged_into IS NOT NULL, p.created_at, p.id",
      [floID]
    ).map(producer)
  }

  /// Producers matching `filter`, by name.
  public func list(_ filter: ProducerFilter = ProducerFilter()) throws -> [Producer] {
    var query = SQLFilter(store: store)
    // A duplicate merged into another is listed as the one kept.
    query.add("p.merged_into IS NULL")
    try query.region(filter.region, column: "p.country")
    try query.country(filter.country, column: "p.country")
    if let type = filter.type { query.add("p.type = ?", type) }
    if let status = filter.status { query.add("p.status = ?", status) }
    if let product = filter.product {
      query.add(
        "p.id IN (SELECT producer_id FROM producer_products WHERE product = ?)",
        try Validate.products(product).first ?? "")
    }
    let filterSQL = query.clause
    let arguments = query.arguments
    let order =
      switch filter.sort {
      case .name: "p.name COLLATE NOCASE, p.id"
      case .floID: "p.flo_id IS NULL, length(p.flo_id), p.flo_id, p.name COLLATE NOCASE, p.id"
      case .country: "p.country, p.name COLLATE NOCASE, p.id"
      case .type: "CASE p.type WHEN 'spo' THEN 0 WHEN 'hlo' THEN 1 ELSE 2 END, p.name COLLATE NOCASE, p.id"
      case .status:
        """
        CASE p.status WHEN 'prospect' THEN 0 WHEN 'applicant' THEN 1 WHEN 'permitted' THEN 2 WHEN 'certified' THEN 3
          WHEN 'suspended' THEN 4 WHEN 'decertified' THEN 5 ELSE 6 END, p.name COLLATE NOCASE, p.id
        """
      case .members: "p.members IS NULL, p.members DESC, p.name COLLATE NOCASE, p.id"
      case .registered: "p.created_at DESC, p.id"
      }
    // The name is matched here, folded as SQLite cannot fold accents; the limit then applies after it.
    let name = try filter.name.map { Self.folded(try Validate.line($0, field: "--name text")) }
    var sql = "SELECT " + Self.columns + " FROM producers p " + filterSQL + " ORDER BY " + order
    var limited = arguments
    if name == nil, let limit = filter.limit {
      sql += " LIMIT ?"
      limited.append(limit)
    }
    return try db.read {
      var rows = try db.rows(sql, limited)
      if let name {
        rows = try rows.filter { Self.folded(try $0.decode("name")).contains(name) }
        if let limit = filter.limit { rows = Array(rows.prefix(limit)) }
      }
      // Only the listed producers' products are read when few are listed.
      let products =
        rows.count <= 100
        ? try productsOf(rows.map { try $0.decode("id") })
        : try productsByProducer(filterSQL: filterSQL, arguments: arguments)
      return try rows.map { try producer($0, products: products[try $0.decode("id")] ?? []) }
    }
  }

  /// `text` with case and accents folded away, for a name search.
  static func folded(_ text: String) -> String {
    NameFolding.folded(text)
  }

  /// The products of the producers with `ids`.
  private func productsOf(_ ids: [String]) throws -> [String: [String]] {
    var products: [String: [String]] = [:]
    let statement = try db.cachedStatement(
      "SELECT product FROM producer_products WHERE producer_id = ? ORDER BY position")
    for id in ids {
      try statement.forEachRow([id]) { products[id, default: []].append(try $0.decode("product")) }
    }
    return products
  }

  /// The products of every producer matching a filter, in one query.
  private func productsByProducer(filterSQL: String, arguments: [any DatabaseValueConvertible]) throws
    -> [String: [String]]
  {
    var products: [String: [String]] = [:]
    try db.cachedStatement(
      """
      SELECT pp.producer_id, pp.product FROM producer_products pp
      WHERE pp.producer_id IN (SELECT p.id FROM producers p \(filterSQL))
      ORDER BY pp.producer_id, pp.position
      """
    ).forEachRow(arguments) { row in
      products[try row.decode("producer_id"), default: []].append(try row.decode("product"))
    }
    return products
  }

  private func producer(_ row: Row) throws -> Producer {
    let id: String = try row.decode("id")
    let products: [String] = try db.rows(
      "SELECT product FROM producer_products WHERE producer_id = ? ORDER BY position", [id]
    ).map { try $0.decode("product") }
    return try producer(row, products: products)
  }

  private func producer(_ row: Row, products: [String]) throws -> Producer {
    Producer(
      id: try row.decode("id"), name: try row.decode("name"), country: try row.decode("country"),
      type: try row.decode("type"), floID: try row.decode("flo_id"), products: products,
      members: try row.decode("members"), status: try row.decode("status"),
      statusSince: try row.decode("status_since"), createdAt: try row.decode("created_at"),
      updatedAt: try row.decode("updated_at"), mergedInto: try row.decode("merged_into"))
  }
}
