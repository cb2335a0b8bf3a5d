import CaseTracker

// How each model is presented: its fields for JSON and CSV (the contract), and its table columns.

extension Region {
  static let fields = ["code", "name", "parent", "countries"]
  static let columns = [
    TableColumn("CODE") { $0["parent"] == .null ? $0["code"].plain : "  " + $0["code"].plain },
    TableColumn("NAME", "name", free: true), TableColumn("PARENT", "parent"), TableColumn("COUNTRIES", "countries"),
  ]

  var record: Record {
    Record([
      ("code", .text(code)), ("name", .text(name)), ("parent", Field(parent)), ("countries", .int(countryCount)),
    ])
  }
}

extension Country {
  static let fields = ["code", "name", "region", "network"]
  static let columns = [
    TableColumn("CODE", "code"), TableColumn("NAME", "name", free: true), TableColumn("REGION", "region"),
    TableColumn("NETWORK", "network"),
  ]

  var record: Record {
    Record([("code", .text(code)), ("name", .text(name)), ("region", Field(region)), ("network", Field(network))])
  }
}

extension Officer {
  static let fields = ["handle", "name", "email", "base_country", "active", "countries", "created_at", "updated_at"]
  static let columns = [
    // On a narrow terminal ACTIVE goes first, then EMAIL.
    TableColumn("HANDLE", "handle"), TableColumn("NAME", "name", free: true),
    TableColumn("EMAIL", "email", drop: 2), TableColumn("BASE", "base_country"),
    TableColumn("ACTIVE", drop: 1) { $0["active"] == .bool(true) ? "yes" : "no" },
    TableColumn("COVERS") { $0["countries"].plain.replacing(",", with: " ") },
  ]

  var record: Record {
    Record([
      ("handle", .text(handle)), ("name", .text(name)), ("email", .text(email)),
      ("base_country", .text(baseCountry)), ("active", .bool(isActive)), ("countries", Field(countries)),
      ("created_at", .text(createdAt)), ("updated_at", .text(updatedAt)),
    ])
  }

  /// The officer list's: every field and the workload.
  static let workloadFields = fields + ["open_cases", "overdue_cases"]
  static let workloadColumns =
    columns + [TableColumn("OPEN", "open_cases"), TableColumn("OVERDUE", "overdue_cases")]

  func record(workload: CaseWorkload) -> Record {
    var record = record
    record.fields += [
      (name: "open_cases", value: .int(workload.open)), (name: "overdue_cases", value: .int(workload.overdue)),
    ]
    return record
  }

  /// The detail view, with country names for the codes.
  func details(names: [String: String]) -> [(String, String)] {
    func named(_ code: String) -> String { names[code].map { "\(code) \($0)" } ?? code }
    return [
      ("Handle", handle), ("Name", name), ("E-mail", email), ("Base", named(baseCountry)),
      ("Active", isActive ? "yes" : "no"),
      ("Covers", countries.isEmpty ? "(no countries)" : countries.map(named).joined(separator: ", ")),
      ("Created", LocalInstant.shown(createdAt)), ("Updated", LocalInstant.shown(updatedAt)),
    ]
  }
}

extension Producer {
  static let fields = ["id", "name", "country", "type", "flo_id", "products", "members", "status", "status_since"]
  static let detailFields = fields + ["created_at", "updated_at"]
  static let columns = [
    TableColumn("ID") { String($0["id"].plain.prefix(8)) }, TableColumn("FLO ID", "flo_id"),
    TableColumn("NAME", "name", free: true), TableColumn("COUNTRY", "country"), TableColumn("TYPE", "type"),
    TableColumn("STATUS", "status"), TableColumn("MEMBERS", "members"),
    TableColumn("PRODUCTS", free: true) { $0["products"].plain.replacing(",", with: ", ") },
  ]

  var record: Record {
    Record([
      ("id", .text(id)), ("name", .text(name)), ("country", .text(country)), ("type", .text(type.rawValue)),
      ("flo_id", Field(floID)), ("products", Field(products)), ("members", Field(members)),
      ("status", .text(status.rawValue)), ("status_since", Field(statusSince)), ("created_at", .text(createdAt)),
      ("updated_at", .text(updatedAt)),
    ])
  }

  func details(countryName: String?) -> [(String, String)] {
    [
      ("Id", id), ("Name", name), ("Country", countryName.map { "\(country) \($0)" } ?? country),
      ("Type", type.rawValue), ("FLO ID", floID ?? "(none)"),
      ("Products", products.isEmpty ? "(none)" : products.joined(separator: ", ")),
      ("Members", members.map(String.init) ?? "(unknown)"),
      ("Status", status.rawValue + (statusSince.map { " since \($0)" } ?? "")),
      ("Created", LocalInstant.shown(createdAt)), ("Updated", LocalInstant.shown(updatedAt)),
    ]
  }
}

extension ProducerMerge {
  static let fields = [
    "id", "kept_id", "merged_id", "at", "actor", "cases", "activities", "audits", "non_conformities",
    "status_changes", "products", "note",
  ]
  static let columns = [
    TableColumn("AT") { LocalInstant.shown($0, "at") },
    TableColumn("BY", "actor"), TableColumn("KEPT") { String($0["kept_id"].plain.prefix(8)) },
    TableColumn("MERGED") { String($0["merged_id"].plain.prefix(8)) },
    TableColumn("MOVED", maxWidth: 200, free: true) { $0["moved"].plain }, TableColumn("NOTE", "note", free: true),
  ]

  var record: Record {
    Record([
      ("id", .text(id)), ("kept_id", .text(keptID)), ("merged_id", .text(mergedID)), ("at", .text(at)),
      ("actor", .text(actor)), ("cases", .int(cases)), ("activities", .int(activities)), ("audits", .int(audits)),
      ("non_conformities", .int(nonConformities)), ("status_changes", .int(statusChanges)),
      ("products", .int(products)), ("note", Field(note)), ("moved", .text(moved)),
    ])
  }

  /// "3 cases, 2 activities, 1 audit, 0 NCs, 2 status entries, 1 product".
  var moved: String {
    func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
    return [
      count(cases, "case", "cases"), count(activities, "activity", "activities"), count(audits, "audit", "audits"),
      count(nonConformities, "NC", "NCs"), count(statusChanges, "status entry", "status entries"),
      count(products, "product", "products"),
    ].joined(separator: ", ")
  }
}

extension HubToken {
  static let fields = ["id", "officer", "created_at", "created_by", "last_used_at", "revoked_at", "revoked_by"]
  static let columns = [
    TableColumn("ID") { String($0["id"].plain.prefix(8)) }, TableColumn("OFFICER", "officer"),
    TableColumn("ISSUED") { LocalInstant.shown($0, "created_at") },
    TableColumn("BY", "created_by"),
    TableColumn("LAST USED") { LocalInstant.shown($0, "last_used_at") },
    TableColumn("REVOKED") { LocalInstant.shown($0, "revoked_at") },
  ]

  var record: Record {
    Record([
      ("id", .text(id)), ("officer", .text(officer)), ("created_at", .text(createdAt)),
      ("created_by", .text(createdBy)), ("last_used_at", Field(lastUsedAt)), ("revoked_at", Field(revokedAt)),
      ("revoked_by", Field(revokedBy)),
    ])
  }
}
