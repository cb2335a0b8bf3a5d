import Foundation
import Testing

@Suite struct RegionCountryCommandTests {
  @Test func regionListShowsNetworksThenSubRegions() throws {
    let box = try Sandbox()
    try box.initialize()
    let csv = try box.ok(["region", "list", "--format", "csv"])
    let lines = csv.split(separator: "\r\n").map(String.init)
    #expect(lines.first == "code,name,parent,countries")
    #expect(lines.count == 16)
    #expect(lines[1] == "AME,Africa & Middle East,,31")
    #expect(lines[2] == "AME-ECA,Eastern & Central Africa,AME,8")
    #expect(lines.contains("ASP-CCP,\"Central Asia, China & Pakistan\",ASP,5"))
    let parsed = try #require(try json(box.ok(["region", "list", "--format", "json"])) as? [[String: Any]])
    #expect(parsed.count == 15)
    #expect(parsed[0]["parent"] is NSNull)
    #expect(parsed[0]["countries"] as? Int == 31)
    let table = try box.ok(["region", "list"])
    #expect(table.contains("  AME-ECA   Eastern & Central Africa"))
  }

  @Test func regionAddChecksCodesAndParents() throws {
    let box = try Sandbox()
    try box.initialize()
    #expect(try box.run(["region", "add", "eur", "--name", "Europe"]).status == 0)
    #expect(try box.run(["region", "add", "EUR-W", "--name", "Western Europe", "--parent", "EUR"]).status == 0)
    let duplicate = try box.run(["region", "add", "EUR", "--name", "Again"])
    #expect(duplicate.status == 65)
    #expect(duplicate.stderr == "psr: region 'EUR' already exists; see 'psr region list'\n")
    let deep = try box.run(["region", "add", "EUR-W-X", "--name", "Deep", "--parent", "EUR-W"])
    #expect(deep.status == 65)
    #expect(deep.stderr.contains("the parent must be a top-level region"))
    let unknownParent = try box.run(["region", "add", "XX-Y", "--name", "Y", "--parent", "XX"])
    #expect(unknownParent.status == 65)
    #expect(unknownParent.stderr.contains("unknown region 'XX'"))
    #expect(try box.run(["region", "add", "A B", "--name", "Bad"]).status == 65)
    let csv = try box.ok(["region", "list", "--format", "csv"])
    #expect(csv.contains("EUR-W,Western Europe,EUR,0\r\n"))
    #expect(!csv.contains("EUR-W-X"))
  }

  @Test func countryListByNetworkIncludesSubRegions() throws {
    let box = try Sandbox()
    try box.initialize()
    let ame = try box.ok(["country", "list", "--region", "AME", "--format", "csv"])
    #expect(ame.split(separator: "\r\n").count == 32)
    let eca = try box.ok(["country", "list", "--region", "ame-eca", "--format", "json"])
    let rows = try #require(try json(eca) as? [[String: Any]])
    #expect(rows.map { $0["code"] as? String } == ["BI", "CD", "ET", "KE", "MG", "RW", "TZ", "UG"])
    #expect(rows.first?["network"] as? String == "AME")
    let unknown = try box.run(["country", "list", "--region", "NOPE"])
    #expect(unknown.status == 65)
  }

  @Test func setRegionMovesACountry() throws {
    let box = try Sandbox()
    try box.initialize()
    let moved = try box.run(["country", "set-region", "et", "AME-SA"])
    #expect(moved.status == 0)
    #expect(moved.stderr.contains("moved ET (Ethiopia) from AME-ECA to AME-SA"))
    #expect(
      try box.ok(["country", "list", "--region", "AME-SA", "--format", "csv"]).contains("ET,Ethiopia,AME-SA,AME"))
    #expect(!(try box.ok(["country", "list", "--region", "AME-ECA", "--format", "csv"]).contains("ET,")))
    // A country outside the default map can be given a sub-region.
    #expect(try box.run(["country", "set-region", "FR", "AME-MENA"]).status == 0)
    let topLevel = try box.run(["country", "set-region", "KE", "AME"])
    #expect(topLevel.status == 65)
    #expect(topLevel.stderr.contains("AME is a top-level region"))
    #expect(try box.run(["country", "set-region", "QQ", "AME-ECA"]).status == 66)
    #expect(try box.run(["country", "set-region", "KE", "AME-XX"]).status == 65)
    #expect(try box.ok(["country", "list", "--region", "AME-ECA", "--format", "csv"]).contains("KE,Kenya"))
  }
}
