import Foundation
import SQLite
import Testing

@testable import CaseTracker

@Suite struct StoreTests {
  private func mode(_ path: String) throws -> Int {
    try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
  }

  @Test func createMakesPrivateFileAndFoldersAndLoadsReferenceData() throws {
    let root = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.appendingPathComponent("a/b/psr.db").path
    let (store, setup) = try Store.create(at: path, clock: Clock(today: "2026-11-26"))
    #expect(
      setup
        == Store.Setup(
          created: true, appliedMigrations: Store.migrator.migrations.map(\.name), countriesLoaded: 249,
          regionsLoaded: 15))
    #expect(setup.appliedMigrations.first == "0001_registry")
    #expect(try mode(path) == 0o600)
    for folder in [root.path, root.appendingPathComponent("a").path, root.appendingPathComponent("a/b").path] {
      #expect(try mode(folder) == 0o700)
    }
    let db = store.db
    #expect(try db.scalar("SELECT count(*) FROM countries") == 249)
    #expect(try db.scalar("SELECT count(*) FROM countries WHERE region IS NOT NULL") == 77)
    #expect(try db.scalar("SELECT count(*) FROM regions WHERE parent IS NULL") == 3)
    let regions = try store.regions.all()
    #expect(
      regions.map(\.code) == [
        "AME", "AME-ECA", "AME-MENA", "AME-SA", "AME-WA", "ASP", "ASP-CCP", "ASP-PAC", "ASP-SAS", "ASP-SEA",
        "LAC", "LAC-AND", "LAC-CAR", "LAC-MCA", "LAC-SCB",
      ])
    #expect(regions.filter(\.isTopLevel).map(\.countryCount) == [31, 22, 24])
    #expect(
      try store.regions.region("ame")
        == Region(code: "AME", name: "Africa & Middle East", parent: nil, countryCount: 31))
    #expect(
      try store.regions.region("ASP-CCP")
        == Region(code: "ASP-CCP", name: "Central Asia, China & Pakistan", parent: "ASP", countryCount: 5))
  }

  @Test func createAgainAppliesAndLoadsNothingAndKeepsChanges() throws {
    let test = try TestStore()
    try test.store.regions.add(code: "EUR", name: "Europe", parent: nil)
    try test.store.countries.setRegion("KE", to: "AME-WA")
    let (again, setup) = try Store.create(at: test.path, clock: Clock(today: "2026-11-26"))
    #expect(setup == Store.Setup(created: false, appliedMigrations: [], countriesLoaded: 0, regionsLoaded: 0))
    #expect(try again.regions.region("EUR")?.name == "Europe")
    #expect(try again.countries.country("KE")?.region == "AME-WA")
    #expect(try again.db.scalar("SELECT count(*) FROM regions") == 16)
    _ = try Store.open(at: test.path)
  }

  @Test func openOnMissingPathCreatesNothing() throws {
    let root = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.appendingPathComponent("psr.db").path
    #expect(throws: DomainError.notFound("no psr database at \(path); create one with 'psr init'")) {
      try Store.open(at: path)
    }
    #expect(!FileManager.default.fileExists(atPath: path))
    #expect(!FileManager.default.fileExists(atPath: root.path))
  }

  @Test func openOnTextFileIsRefused() throws {
    let root = temporaryFolder()
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.appendingPathComponent("notes.txt").path
    let text = String(repeating: "These are meeting notes, not a database.\n", count: 40)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    expectDomainError(.invalid, "\(path) is not a psr database") { _ = try Store.open(at: path) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
  }

  @Test func openOnForeignSQLiteFileIsRefused() throws {
    let root = temporaryFolder()
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.appendingPathComponent("other.sqlite").path
    do {
      let other = try Database(path: path, mode: .create)
      try other.execute("CREATE TABLE notes (body TEXT)")
    }
    let refusal =
      "\(path) is not a psr database: the file holds tables (notes) but no migration record; choose another path with --db"
    #expect(throws: DomainError.invalid(refusal)) { try Store.open(at: path) }
    #expect(throws: DomainError.invalid(refusal)) { try Store.create(at: path) }
    let check = try Database(path: path, mode: .readOnly)
    let tables: [String] = try check.rows(
      "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"
    ).map { try $0.decode("name") }
    #expect(tables == ["notes"])
  }

  @Test func openOnEmptySQLiteFileOrFolderIsRefused() throws {
    let root = temporaryFolder()
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: root) }
    let path = root.appendingPathComponent("empty.sqlite").path
    _ = try Database(path: path, mode: .create)
    // Without a table it may still be another program's (only a 0-byte file is psr's to fill): refused by
    // both, and left as it was.
    let before = FileManager.default.contents(atPath: path)
    let refusal = DomainError.invalid(
      "\(path) is an SQLite database that psr did not make; psr sets up only a new or 0-byte file: choose another path with --db"
    )
    #expect(throws: refusal) { try Store.open(at: path) }
    #expect(throws: refusal) { try Store.create(at: path) }
    #expect(FileManager.default.contents(atPath: path) == before)
    #expect(
      throws: DomainError.invalid(
        "\(root.path) is a folder, not a psr database; give the database file with --db")
    ) { try Store.open(at: root.path) }
  }
}
