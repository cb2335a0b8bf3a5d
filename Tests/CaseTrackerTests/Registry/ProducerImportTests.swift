import Foundation
import SQLite
import Testing

@testable import CaseTracker

@Suite struct ProducerImportTests {
  private static let header = "name,country,type,flo_id,products,members,status\n"
  private static let base = """
    name,country,type,flo_id,products,members,status
    Kabngetuny Coop,KE,spo,27651,"coffee, tea",1200,certified
    Mpanga Tea Estate,ug,HLO,00312,tea,850,
    Kuapa Cocoa,GH,spo,,cocoa,,applicant

    """

  /// A database holding the three producers of `base` and an officer.
  private func populated() throws -> TestStore {
    let test = try TestStore()
    try runImport(test.store, Self.base)
    try test.store.officers.add(handle: "akinyi", name: "A", email: "a@example.org", base: "KE", covers: ["KE"])
    let records = try snapshot(test.store.db)
    #expect(records["producers"]?.count == 3 && records["producer_products"]?.count == 4)
    #expect(records["officers"]?.count == 1 && records["countries"]?.count == 249 && records["regions"]?.count == 15)
    return test
  }

  private func producer(_ test: TestStore, _ name: String) throws -> Producer {
    try #require(try test.store.producers.list().first { $0.name == name })
  }

  /// Runs an import that must be refused, and checks that it changed no record.
  private func refused(
    _ test: TestStore, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> any Error {
    let before = try snapshot(test.store.db)
    let error = #expect(throws: (any Error).self, sourceLocation: sourceLocation) {
      try runImport(test.store, bytes: bytes)
    }
    #expect(try snapshot(test.store.db) == before, "the refused import changed records", sourceLocation: sourceLocation)
    #expect(!test.store.db.isInTransaction, sourceLocation: sourceLocation)
    return try #require(error, sourceLocation: sourceLocation)
  }

  private func refused(
    _ test: TestStore, _ text: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> ImportError? {
    try refused(test, Array(text.utf8), sourceLocation: sourceLocation) as? ImportError
  }

  private func problem(_ line: Int, _ column: String?, _ reason: String) -> ImportError {
    ImportError(problems: [ImportProblem(line: line, column: column, reason: reason)], total: 1)
  }

  @Test func validFileAddsEveryRow() throws {
    let test = try TestStore()
    #expect(try runImport(test.store, Self.base) == ImportSummary(added: 3, updated: 0, unchanged: 0))
    let producers = try test.store.producers.list()
    #expect(producers.map(\.name) == ["Kabngetuny Coop", "Kuapa Cocoa", "Mpanga Tea Estate"])
    #expect(producers.allSatisfy { Identifier.isUUID($0.id) })
    let (kab, kuapa, mpanga) = (producers[0], producers[1], producers[2])
    #expect([kab.country, kab.floID, kab.status.rawValue] == ["KE", "27651", "certified"])
    #expect(kab.products == ["coffee", "tea"] && kab.members == 1200 && kab.type == .spo)
    #expect([mpanga.country, mpanga.floID, mpanga.status.rawValue] == ["UG", "312", "prospect"])
    #expect(mpanga.type == .hlo && mpanga.members == 850)
    #expect(kuapa.floID == nil && kuapa.members == nil && kuapa.status == .applicant)
  }

  @Test func columnsInAnyOrderWithBOMAndQuotedFields() throws {
    let test = try TestStore()
    let text =
      "\u{FEFF}Status, Products ,TYPE,country,name,flo_id\r\n"
      + "certified,\"coffee;tea\",spo,KE,\"Coop \"\"Umoja\"\", Kenya\",0100\r\n"
      + ",\"cocoa,\r\nhoney\",spo,gh,\"Kuapa, \"\"Pa Pa Paa\"\"\",\r\n"
    #expect(try runImport(test.store, text) == ImportSummary(added: 2))
    let umoja = try test.store.producers.resolve("100")
    #expect(umoja.name == "Coop \"Umoja\", Kenya" && umoja.products == ["coffee", "tea"])
    #expect(umoja.status == .certified && umoja.country == "KE")
    let kuapa = try producer(test, "Kuapa, \"Pa Pa Paa\"")
    #expect(kuapa.products == ["cocoa", "honey"] && kuapa.status == .prospect && kuapa.floID == nil)
  }

  @Test func secondImportUpdatesByFLOIDAndID() throws {
    let test = try populated()
    let kab = try producer(test, "Kabngetuny Coop")
    let mpanga = try producer(test, "Mpanga Tea Estate")
    let changes = """
      flo_id,name,country,type,members
      27651,Kabngetuny Coop,KE,spo,1200
      312,Mpanga Tea Estate,UG,hlo,900
      555,New Group,RW,spo,40
      """
    #expect(try runImport(test.store, changes) == ImportSummary(added: 1, updated: 1, unchanged: 1))
    // Columns missing from the file keep their values; an absent status stays as it was.
    #expect(try test.store.producers.require(id: kab.id) == kab)
    let updated = try test.store.producers.require(id: mpanga.id)
    #expect(updated.members == 900 && updated.products == ["tea"] && updated.status == .prospect)
    #expect(try test.store.producers.resolve("555").country == "RW")

    let kuapa = try producer(test, "Kuapa Cocoa")
    let byID = """
      id,name,country,type,flo_id,products,members,status
      \(kuapa.id),Kuapa Cocoa Union,GH,spo,,cocoa,,applicant
      \(kab.id.uppercased()),Kabngetuny Coop,KE,spo,27651,"coffee,tea",,
      DDDDDDDD-4444-4444-8444-444444444444,Fresh Start,KE,cp,,,,
      """
    #expect(try runImport(test.store, byID) == ImportSummary(added: 1, updated: 2, unchanged: 0))
    #expect(try test.store.producers.require(id: kuapa.id).name == "Kuapa Cocoa Union")
    // An empty optional cell clears the field; an empty status keeps it.
    let cleared = try test.store.producers.require(id: kab.id)
    #expect(cleared.members == nil && cleared.status == .certified && cleared.products == ["coffee", "tea"])
    #expect(try test.store.producers.require(id: "dddddddd-4444-4444-8444-444444444444").name == "Fresh Start")
    #expect(try test.store.producers.list().count == 5)
  }

  @Test func dryRunWritesNothing() throws {
    let empty = try TestStore()
    let before = try snapshot(empty.store.db)
    #expect(try runImport(empty.store, Self.base, dryRun: true) == ImportSummary(added: 3))
    #expect(try snapshot(empty.store.db) == before)
    #expect(!empty.store.db.isInTransaction)

    let test = try populated()
    let populatedBefore = try snapshot(test.store.db)
    let changes = "flo_id,name,country,type,members\n27651,Kabngetuny Coop,KE,spo,1\n,New,UG,cp,\n"
    #expect(try runImport(test.store, changes, dryRun: true) == ImportSummary(added: 1, updated: 1))
    #expect(try snapshot(test.store.db) == populatedBefore)
  }

  @Test(arguments: ["name,country,type\n", "name,country,type", "\u{FEFF}name,country,type\r\n\r\n"])
  func headerOnlyAddsNothing(text: String) throws {
    let test = try TestStore()
    #expect(try runImport(test.store, text) == ImportSummary())
    #expect(try test.store.producers.list() == [])
  }

  @Test func malformedCSVIsRefused() throws {
    let test = try populated()
    let good = Self.header + "Good Coop,KE,spo,900,,,\n"
    #expect(
      try refused(test, good + "Bad \"Coop\",KE,spo,,,,\n")
        == problem(
          3, nil, "a quote (\") inside unquoted field 1; enclose the field in quotes and double the quote (\"\")"))
    #expect(
      try refused(test, good + "\"Open,KE,spo,,,,\nmore\n")
        == problem(3, nil, "a quoted field is never closed; add the closing quote (\") or double quotes inside it"))
    #expect(
      try refused(test, Array((good + "Bad ").utf8) + [0xFF, 0xFE] + Array(",KE,spo,,,,\n".utf8)) as? ImportError
        == problem(3, nil, "field 1 is not valid UTF-8; save the file as UTF-8 (CSV UTF-8)"))
    #expect(
      try refused(test, good + "Short,KE\n")
        == problem(3, nil, "expected 7 fields as in the header, found 2; quote any field that holds a comma"))
    for empty in ["", "\n\r\n"] {
      #expect(
        try refused(test, Array(empty.utf8)) as? DomainError
          == DomainError.invalid(
            "the file is empty; the first line must be a header such as name,country,type,flo_id,products,members,status"
          ))
    }
  }

  @Test func badHeadersAreRefused() throws {
    let test = try populated()
    #expect(
      try refused(test, "name,country,type,colour\nX,KE,spo,red\n")
        == problem(
          1, nil,
          "unknown column 'colour' (column 4); the columns are id, name, country, type, flo_id, products, members, status, status_since"
        ))
    #expect(
      try refused(test, "name,flo_id\nX,1\n")
        == ImportError(
          problems: [
            ImportProblem(line: 1, column: "country", reason: "the required column 'country' is missing"),
            ImportProblem(line: 1, column: "type", reason: "the required column 'type' is missing"),
          ], total: 2))
    #expect(
      try refused(test, "name,country,type,Name\nX,KE,spo,Y\n") == problem(1, "name", "column 'name' appears twice"))
  }

  @Test func badRowsAreRefusedWhole() throws {
    let test = try populated()
    // A row that would update an existing producer comes first: it must not be kept either.
    let good = Self.header + "Kabngetuny Coop,KE,spo,27651,,1,withdrawn\nGood Coop,KE,spo,900,,,\n"
    #expect(
      try refused(test, good + "Bad Coop,zz,spo,,,,\n")
        == problem(4, "country", "unknown country code 'ZZ'; see 'psr country list'"))
    #expect(
      try refused(test, good + "Two,UG,spo,0900,,,\n")
        == problem(4, "flo_id", "FLO ID 900 appears again; it is already on line 3"))
    #expect(
      try refused(test, "id,name,country,type\nnot-a-uuid,X,KE,spo\n")
        == problem(2, "id", "'not-a-uuid' is not a producer id; leave it empty for new producers"))

    let kab = try producer(test, "Kabngetuny Coop")
    let mpanga = try producer(test, "Mpanga Tea Estate")
    let owned = problem(
      2, "flo_id", "FLO ID 312 belongs to Mpanga Tea Estate (\(mpanga.shortID)), not to the producer with this id")
    let header = "id,name,country,type,flo_id\n"
    #expect(try refused(test, header + "\(kab.id),Kabngetuny Coop,KE,spo,312\n") == owned)
    #expect(try refused(test, header + "eeeeeeee-5555-4555-8555-555555555555,Someone,KE,spo,312\n") == owned)
  }

  @Test func problemsNameCSVLinesAndColumns() throws {
    let test = try populated()
    let text = "name,country,type,members\n\"Two\nLines\",KE,spo,5\nFine,UG,spo,6\nBad,ZZ,coop,-1\n"
    #expect(
      try refused(test, text)
        == ImportError(
          problems: [
            ImportProblem(
              line: 2, column: "name",
              reason: "the producer name contains a control character such as a line break or tab; give it on one line"),
            ImportProblem(line: 5, column: "country", reason: "unknown country code 'ZZ'; see 'psr country list'"),
            ImportProblem(line: 5, column: "type", reason: "'coop' is not a producer type; use spo, hlo or cp"),
            ImportProblem(
              line: 5, column: "members", reason: "'-1' is not a member count; give a whole number from 0 to 10000000"),
          ], total: 4))
  }

  @Test func atMostTwentyProblemsAreKept() throws {
    let test = try populated()
    let rows = (1...25).map { "Bad \($0),ZZ,spo,,,,\n" }.joined()
    let error = try #require(try refused(test, Self.header + rows))
    #expect(error.total == 25)
    #expect(error.problems.count == ProducerImport.maxProblems)
    #expect(error.problems.count == 20)
    #expect(error.problems.map(\.line) == Array(2...21))
    #expect(error.problems.allSatisfy { $0.column == "country" })
    #expect(
      error.description.hasPrefix("the import was refused and nothing was changed: 25 problems (the first 20 shown):"))
    #expect(error.description.contains("\n  line 21, column country: unknown country code 'ZZ'"))
  }

  @Test func aHeaderListsAtMostTwentyProblems() throws {
    let test = try populated()
    let header = "name,country,type," + (1...30).map { "extra\($0)" }.joined(separator: ",") + "\n"
    let error = try #require(try refused(test, header + "A,KE,spo" + String(repeating: ",", count: 30) + "\n"))
    #expect(error.total == 30)
    #expect(error.problems.count == 20)
    #expect(error.description.contains("30 problems (the first 20 shown)"))
  }

  @Test func aWhollyWrongFileRemembersBoundedKeysAndSaysSo() throws {
    let test = try populated()
    let few = (1...1_000).map { "Bad \($0),ZZ,spo,\(9_000_000 + $0)\n" }.joined()
    let error = try #require(try refused(test, "name,country,type,flo_id\n" + few + "Again,KE,spo,9000001\n"))
    #expect(error.problems.count == 20)
    #expect(error.total == 1_001, "the FLO ID named again is found while its line is remembered")
    #expect(!error.totalIsAtLeast)
    let count = 100_010
    let rows = (1...count).map { "Bad \($0),ZZ,spo,\(9_000_000 + $0)\n" }.joined()
    let later = "Late,KE,spo,\(9_000_000 + count)\n"
    let forgotten = try #require(try refused(test, "name,country,type,flo_id\n" + rows + later))
    #expect(forgotten.totalIsAtLeast)
    #expect(forgotten.total == count)
    #expect(
      forgotten.description.hasPrefix("the import was refused and nothing was changed: at least \(count) problems"))
  }

  /// The schema's text, to compare before and after an import that drops and re-creates indexes.
  private func schema(_ db: Database) throws -> [String] {
    try db.rows("SELECT type || ' ' || name || ': ' || sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
      .map { try $0.decode(at: 0) }
  }

  private func checksEnforced(_ db: Database) throws -> Bool {
    try db.scalar("PRAGMA ignore_check_constraints", as: Int.self) == 0
  }

  @Test func duplicatesAreNamedByTheirFirstLineWhateverWroteIt() throws {
    let test = try populated()
    // The first 77 is on a refused row, which writes nothing; the second 88 follows the first problem.
    #expect(
      try refused(test, Self.header + "Bad,ZZ,spo,77,,,\nGood,KE,spo,77,,,\nNew,KE,spo,88,,,\nAgain,UG,spo,88,,,\n")
        == ImportError(
          problems: [
            ImportProblem(line: 2, column: "country", reason: "unknown country code 'ZZ'; see 'psr country list'"),
            ImportProblem(line: 3, column: "flo_id", reason: "FLO ID 77 appears again; it is already on line 2"),
            ImportProblem(line: 5, column: "flo_id", reason: "FLO ID 88 appears again; it is already on line 4"),
          ], total: 3))
    // A FLO ID that updated a producer on line 2, then again on line 3.
    #expect(
      try refused(test, Self.header + "Kabngetuny Coop,KE,spo,27651,,,\nOther,KE,spo,027651,,,\n")
        == problem(3, "flo_id", "FLO ID 27651 appears again; it is already on line 2"))
    // Ids, of a new producer and of an existing one.
    let kab = try producer(test, "Kabngetuny Coop")
    let fresh = "dddddddd-4444-4444-8444-444444444444"
    #expect(
      try refused(
        test,
        "id,name,country,type\n\(fresh),A,KE,spo\n\(kab.id),B,KE,spo\n\(fresh.uppercased()),C,KE,spo\n\(kab.id),D,KE,spo\n"
      )
        == ImportError(
          problems: [
            ImportProblem(line: 4, column: "id", reason: "id \(fresh) appears again; it is already on line 2"),
            ImportProblem(line: 5, column: "id", reason: "id \(kab.id) appears again; it is already on line 3"),
          ], total: 2))
  }

  @Test func aFLOIDMovedAwayByALaterRowStaysSeen() throws {
    let test = try populated()
    let kab = try producer(test, "Kabngetuny Coop")
    // Line 2 names Kabngetuny by its FLO ID, line 3 by its id and gives it another: 27651 was named on line 2.
    let text = "id,name,country,type,flo_id\n,Kabngetuny Coop,KE,spo,27651\n\(kab.id),Kabngetuny Coop,KE,spo,4040\n"
    #expect(
      try refused(test, text + ",Newcomer,KE,spo,27651\n")
        == problem(4, "flo_id", "FLO ID 27651 appears again; it is already on line 2"))
    #expect(
      try refused(test, text + ",Newcomer,KE,spo,4040\n")
        == problem(4, "flo_id", "FLO ID 4040 appears again; it is already on line 3"))
    #expect(try runImport(test.store, text) == ImportSummary(added: 0, updated: 1, unchanged: 1))
    #expect(try test.store.producers.require(id: kab.id).floID == "4040")
  }

  @Test func aLargeImportBuildsItsDeferredIndexesAgain() throws {
    let test = try populated()
    let before = try schema(test.store.db)
    let rows = (1...150).map { "Coop \($0),KE,spo,\(50000 + $0),\"tea,coffee\",\($0),certified\n" }.joined()
    var importer = ProducerImport(store: test.store)
    importer.deferIndexesAfter = 5
    var reader = CSVReader(bytes: Array((Self.header + rows).utf8))
    #expect(try importer.run(&reader) == ImportSummary(added: 150))
    #expect(try schema(test.store.db) == before)
    #expect(try checksEnforced(test.store.db))
    // The index was sorted through temporary files with a small cache; both are as they were.
    #expect(try test.store.db.scalar("PRAGMA temp_store", as: Int.self) == 2)
    #expect(try test.store.db.scalar("PRAGMA cache_size", as: Int.self) == -16384)
    #expect(try test.store.db.scalar("PRAGMA integrity_check", as: String.self) == "ok")
    #expect(try test.store.db.rows("PRAGMA foreign_key_check").isEmpty)
    let coop = try test.store.producers.resolve("50140")
    #expect(coop.name == "Coop 140" && coop.products == ["tea", "coffee"] && coop.status == .certified)
    #expect(try test.store.producers.list(ProducerFilter(product: "coffee")).count == 151)
    // Refused or dry, the indexes are there afterwards all the same.
    var again = CSVReader(
      bytes: Array((Self.header + rows.replacingOccurrences(of: ",50", with: ",60") + "X,ZZ,spo,,,,\n").utf8))
    #expect(throws: ImportError.self) { try importer.run(&again) }
    var dry = CSVReader(bytes: Array((Self.header + rows.replacingOccurrences(of: ",50", with: ",60")).utf8))
    #expect(try importer.run(&dry, dryRun: true) == ImportSummary(added: 150))
    #expect(try schema(test.store.db) == before)
    #expect(try checksEnforced(test.store.db))
    #expect(try test.store.producers.list().count == 153)
  }

  @Test func rowsInsertedManyAtOnceStillMeetTheirKeysByLine() throws {
    let test = try populated()
    // 150 new rows, inserted 64 to a statement; the one on line 22 names Kabngetuny by its FLO ID.
    var rows = (0..<150).map { "Coop \($0),UG,spo,\(70_000 + $0),honey,\($0),\n" }
    rows[20] = "Kabngetuny Coop,KE,spo,27651,,1,withdrawn\n"
    let kab = try producer(test, "Kabngetuny Coop")
    // Line 42 repeats the FLO ID of line 12 (the same batch), line 112 that of line 32 (an earlier one).
    var twice = rows
    twice[40] = "Twice,KE,spo,70010,,,\n"
    twice[110] = "Again,KE,spo,070030,,,\n"
    #expect(
      try refused(test, Self.header + twice.joined())
        == ImportError(
          problems: [
            ImportProblem(line: 42, column: "flo_id", reason: "FLO ID 70010 appears again; it is already on line 12"),
            ImportProblem(line: 112, column: "flo_id", reason: "FLO ID 70030 appears again; it is already on line 32"),
          ], total: 2))
    #expect(try runImport(test.store, Self.header + rows.joined()) == ImportSummary(added: 149, updated: 1))
    let updated = try test.store.producers.require(id: kab.id)
    #expect(updated.members == 1 && updated.status == .withdrawn)
    let last = try test.store.producers.resolve("70149")
    #expect(last.name == "Coop 149" && last.products == ["honey"] && last.members == 149)
    #expect(try test.store.db.scalar("SELECT count(*) FROM producer_status_changes", as: Int.self) == 153)
    #expect(try test.store.db.rows("PRAGMA foreign_key_check").isEmpty)
  }

  @Test func valuesBreakingACheckConstraintAreProblems() throws {
    let test = try populated()
    // 300 characters, but 301 code points (SQLite's length()), and a product of 60 characters but 61.
    let name = String(repeating: "a", count: 299) + "e\u{301}"
    let product = String(repeating: "b", count: 59) + "e\u{301}"
    #expect(
      try refused(test, Self.header + "\(name),KE,spo,,,,\n")
        == problem(2, "name", "the producer name has 301 characters; at most 300 are allowed"))
    #expect(
      try refused(test, Self.header + "A,KE,spo,,\(product),,\n")
        == problem(2, "products", "the product name has 61 characters; at most 60 are allowed"))
    #expect(
      try refused(test, "name,country,type,status_since\nA,KE,spo,2026-+1-01\n")
        == problem(
          2, "status_since", "'2026-+1-01' is not a valid status date; write it as YYYY-MM-DD, such as 2026-11-26"))
    #expect(try checksEnforced(test.store.db))
    #expect(try runImport(test.store, Self.header + "\(name.dropLast()),KE,spo,,,,\n") == ImportSummary(added: 1))
    #expect(try checksEnforced(test.store.db))
    // Text that is not ASCII, checked in Swift and written without CHECKs, still meets every CHECK.
    let text =
      Self.header + "\u{A0}Café\u{301} \u{1F600} Coop\u{3000},ke,SPO,00042,\"Thé\u{A0}Vert; CAFÉ ,café\",7,Certified\n"
      + "\"'=Formula, \"\"Quoted\"\"\",UG,cp,,\"'-a;b\",,\n"
    #expect(try runImport(test.store, text) == ImportSummary(added: 2))
    let coop = try test.store.producers.resolve("42")
    #expect(coop.name == "Café\u{301} \u{1F600} Coop" && coop.products == ["thé vert", "café"])
    #expect(try producer(test, "=Formula, \"Quoted\"").products == ["-a", "b"])
    #expect(try test.store.db.scalar("PRAGMA integrity_check", as: String.self) == "ok")
  }

  @Test func progressCountsRecordsRead() throws {
    let test = try TestStore()
    var importer = ProducerImport(store: test.store)
    importer.progressInterval = 2
    var counts: [Int] = []
    let rows = (1...5).map { "Coop \($0),KE,spo,,,,\n" }.joined()
    var reader = CSVReader(bytes: Array((Self.header + rows).utf8))
    #expect(try importer.run(&reader, progress: { counts.append($0) }) == ImportSummary(added: 5))
    #expect(counts == [2, 4])
  }

  @Test func sortedIdentifiersAreRandomVersion4UUIDsInOrder() {
    var identifiers = SortedIdentifiers()
    let ids = (0..<3_000).map { _ in identifiers.make() }
    #expect(Set(ids).count == ids.count)
    #expect(ids.allSatisfy { Identifier.isUUID($0) && Identifier.isStoredUUID($0) })
    #expect(ids.allSatisfy { Array($0)[14] == "4" && "89ab".contains(Array($0)[19]) })
    // Ascending within a block (the first holds 1,024), random across blocks.
    #expect(ids[..<1_024] == ids[..<1_024].sorted()[...])
    #expect(ids[1_024..<3_000] == ids[1_024..<3_000].sorted()[...])
  }
}
