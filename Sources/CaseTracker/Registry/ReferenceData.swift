import SQLite

/// The reference data shipped in the binary: all ISO 3166-1 countries (generated once from Debian's
/// iso-codes `iso_3166-1.json`, common names preferred) and the default producer region map.
enum ReferenceData {
  /// Loads what a database lacks: countries are added when missing (never renamed or moved); the region
  /// map is loaded only into a database with no regions, so users' changes to it are kept.
  static func load(into db: Database) throws -> (countries: Int, regions: Int) {
    try db.write {
      var countries = 0
      let insertCountry = try db.cachedStatement(
        "INSERT INTO countries (code, name) VALUES (?, ?) ON CONFLICT (code) DO NOTHING")
      for record in try records(of: "countries.csv").dropFirst() {
        try insertCountry.execute([record.fields[0], record.fields[1]])
        countries += db.changes
      }
      let regionCount: Int = try db.scalar("SELECT count(*) FROM regions") ?? 0
      guard regionCount == 0 else { return (countries, 0) }
      var regions = 0
      let insertRegion = try db.cachedStatement(
        "INSERT INTO regions (code, name, parent) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING")
      let assign = try db.cachedStatement("UPDATE countries SET region = ? WHERE code = ?")
      // region,region_name,parent,parent_name,countries
      for record in try records(of: "producer-regions.csv").dropFirst() {
        let fields = record.fields
        try insertRegion.execute([fields[2], fields[3], DatabaseValue.null])
        regions += db.changes
        try insertRegion.execute([fields[0], fields[1], fields[2]])
        regions += db.changes
        for code in fields[4].split(separator: " ") {
          try assign.execute([fields[0], String(code)])
        }
      }
      return (countries, regions)
    }
  }

  private static func records(of file: String) throws -> [CSVRecord] {
    guard let text = Embedded.files[file] else {
      throw DomainError.invalid("reference file \(file) is missing from this build")
    }
    var reader = CSVReader(bytes: Array(text.utf8))
    var records: [CSVRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
  }
}
