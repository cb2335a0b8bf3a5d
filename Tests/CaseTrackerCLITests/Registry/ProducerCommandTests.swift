import Foundation
import Testing

@Suite struct ProducerCommandTests {
  @Test func addPrintsShortIDAndShowFindsItByPrefixOrFLOID() throws {
    let box = try Sandbox()
    try box.initialize()
    let added = try box.run([
      "producer", "add", "--name", "Kabarole Tea Growers", "--country", "ug", "--type", "spo", "--flo-id", "27651",
      "--products", "Tea, Coffee", "--members", "830",
    ])
    #expect(added.status == 0)
    let short = added.stdout.trimmingCharacters(in: .newlines)
    #expect(short.count == 8)
    #expect(added.stderr.contains("added Kabarole Tea Growers (UG, spo, prospect)"))
    for ref in [String(short.prefix(6)), short, "27651"] {
      let shown = try #require(try json(box.ok(["producer", "show", ref, "--format", "json"])) as? [String: Any])
      #expect((shown["id"] as? String)?.hasPrefix(short) == true)
      #expect(shown["products"] as? [String] == ["tea", "coffee"])
      #expect(shown["members"] as? Int == 830)
      #expect(shown["flo_id"] as? String == "27651")
      #expect(shown["status"] as? String == "prospect")
    }
    let tooShort = try box.run(["producer", "show", String(short.prefix(4))])
    #expect(tooShort.status == 66)
    #expect(tooShort.stderr.contains("at least 6 characters"))
    let unknown = try box.run(["producer", "show", "999999999"])
    #expect(unknown.status == 66)
  }

  @Test func ambiguousPrefixListsCandidatesAndExits65() throws {
    let box = try Sandbox()
    try box.initialize()
    let csv = """
      id,name,country,type
      abcdef01-0000-4000-8000-000000000001,First Coop,KE,spo
      abcdef02-0000-4000-8000-000000000002,Second Coop,UG,spo
      """
    try box.ok(["producer", "import", box.file("two.csv", csv)])
    let result = try box.run(["producer", "show", "abcdef"])
    #expect(result.status == 65)
    #expect(result.stderr.contains("matches 2 producers"))
    #expect(result.stderr.contains("abcdef01 First Coop (KE)"))
    #expect(result.stderr.contains("abcdef02 Second Coop (UG)"))
    #expect(try box.ok(["producer", "show", "abcdef02", "--format", "csv"]).contains("Second Coop"))
  }

  @Test func listFilters() throws {
    let box = try Sandbox()
    try box.initialize()
    try box.ok(["producer", "import", fixtures.appendingPathComponent("producers.csv").path])
    func names(_ arguments: [String]) throws -> [String] {
      let rows = try #require(
        try json(box.ok(["producer", "list", "--format", "json"] + arguments)) as? [[String: Any]])
      return rows.compactMap { $0["name"] as? String }
    }
    #expect(try names([]).count == 10)
    #expect(try names(["--region", "AME"]).count == 5)
    #expect(
      try names(["--region", "LAC-AND"]) == ["Andean Quinoa Producers", "Cooperativa Agraria Cafetalera “Valle Alto”"])
    #expect(try names(["--country", "ke"]) == ["Sunrise Flower Farm Ltd"])
    #expect(try names(["--type", "hlo"]).count == 2)
    #expect(try names(["--status", "certified"]).count == 5)
    #expect(try names(["--product", "Coffee"]).count == 3)
    #expect(try names(["--product", "gold"]).isEmpty)
    #expect(try box.run(["producer", "list", "--type", "coop"]).status == 64)
    #expect(try box.run(["producer", "list", "--region", "MARS"]).status == 65)
  }

  @Test func updateChangesOnlyWhatIsGiven() throws {
    let box = try Sandbox()
    try box.initialize()
    try box.ok(["producer", "import", fixtures.appendingPathComponent("producers.csv").path])
    try box.ok([
      "producer", "update", "27651", "--members", "910", "--add-product", "Honey", "--remove-product", "coffee",
    ])
    let shown = try #require(try json(box.ok(["producer", "show", "27651", "--format", "json"])) as? [String: Any])
    #expect(shown["members"] as? Int == 910)
    #expect(shown["products"] as? [String] == ["tea", "honey"])
    #expect(shown["name"] as? String == "Kabarole Tea Growers Cooperative Union")
    let duplicate = try box.run(["producer", "update", "27651", "--flo-id", "1503"])
    #expect(duplicate.status == 65)
    #expect(duplicate.stderr.contains("FLO ID 1503 already belongs to Oromia Coffee Farmers, Sidama Branch"))
    try box.ok(["producer", "update", "27651", "--flo-id", "0027999"])
    #expect(try box.run(["producer", "show", "27999"]).status == 0)
    let moved = try box.run(["producer", "update", "27999", "--status", "suspended"])
    #expect(moved.status == 0)
    #expect(try box.run(["producer", "update", "27999", "--status", "applicant"]).status == 65)
    let noop = try box.run(["producer", "update", "27999", "--members", "910"])
    #expect(noop.stderr.contains("nothing changed"))
  }

  @Test func hostileStringsAreStoredAndShownVerbatim() throws {
    let box = try Sandbox()
    try box.initialize()
    let names = ["Robert'); DROP TABLE producers;--", "\"=cmd|' /C calc'!A0\"", "=HYPERLINK(\"http://x\")"]
    for name in names {
      try box.ok(["producer", "add", "--name", name, "--country", "KE", "--type", "spo"])
    }
    let rows = try #require(try json(box.ok(["producer", "list", "--format", "json"])) as? [[String: Any]])
    #expect(Set(rows.compactMap { $0["name"] as? String }) == Set(names))
    let table = try box.ok(["producer", "list"])
    for name in names { #expect(table.contains(name)) }
    let csv = try box.ok(["producer", "list", "--format", "csv"])
    #expect(csv.contains("Robert'); DROP TABLE producers;--,KE"))
    #expect(csv.contains("\"\"\"=cmd|' /C calc'!A0\"\"\",KE"))
    #expect(try box.ok(["region", "list", "--format", "csv"]).split(separator: "\r\n").count == 16)
  }

  @Test func badValuesAreRefused() throws {
    let box = try Sandbox()
    try box.initialize()
    let cases: [([String], Int32, String)] = [
      (["producer", "add", "--name", "X", "--country", "XX", "--type", "spo"], 65, "unknown country code 'XX'"),
      (["producer", "add", "--name", "X", "--country", "KE", "--type", "coop"], 64, "coop"),
      (
        ["producer", "add", "--name", "X", "--country", "KE", "--type", "spo", "--flo-id", "-5"], 65,
        "'-5' is not a FLO ID"
      ),
      (["producer", "add", "--name", "X", "--country", "KE", "--type", "spo", "--flo-id", "12a"], 65, "not a FLO ID"),
      (["producer", "add", "--name", "X", "--country", "KE", "--type", "spo", "--status", "gold"], 64, "gold"),
      (["producer", "add", "--name", "X\nY", "--country", "KE", "--type", "spo"], 65, "control character"),
      (
        ["producer", "add", "--name", String(repeating: "n", count: 5000), "--country", "KE", "--type", "spo"], 65,
        "at most 300"
      ),
    ]
    for (arguments, status, message) in cases {
      let result = try box.run(arguments)
      #expect(result.status == status, "\(arguments.prefix(8))")
      #expect(result.stderr.contains(message), "\(result.stderr)")
    }
    #expect(
      try box.ok(["producer", "list", "--format", "csv"])
        == "id,name,country,type,flo_id,products,members,status,status_since\r\n")
  }
}
