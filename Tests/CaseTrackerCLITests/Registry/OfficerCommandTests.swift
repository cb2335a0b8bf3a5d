import Foundation
import Testing

@Suite struct OfficerCommandTests {
  func registry() throws -> Sandbox {
    let box = try Sandbox()
    try box.initialize()
    try box.ok([
      "officer", "add", "akinyi", "--name", "Akinyi Odhiambo", "--email", "akinyi@example.org", "--base", "ke",
      "--covers", "KE,UG", "--covers", "tz",
    ])
    try box.ok([
      "officer", "add", "mateo", "--name", "Mateo Quispe", "--email", "mateo@example.org", "--base", "PE",
      "--covers", "PE,BO,EC",
    ])
    return box
  }

  @Test func addShowAndListInEveryFormat() throws {
    let box = try registry()
    let show = try #require(try json(box.ok(["officer", "show", "akinyi", "--format", "json"])) as? [String: Any])
    #expect(show["countries"] as? [String] == ["KE", "TZ", "UG"])
    #expect(show["base_country"] as? String == "KE")
    #expect(show["active"] as? Bool == true)
    let raw = try box.ok(["officer", "show", "akinyi", "--format", "json"])
    let keys = raw.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
    #expect(keys == keys.sorted())
    let table = try box.ok(["officer", "show", "akinyi"])
    #expect(table.contains("Covers:  KE Kenya, TZ Tanzania, UG Uganda"))
    let csv = try box.ok(["officer", "list", "--format", "csv"])
    #expect(
      csv.hasPrefix(
        "handle,name,email,base_country,active,countries,created_at,updated_at,open_cases,overdue_cases\r\n"))
    #expect(csv.contains("akinyi,Akinyi Odhiambo,akinyi@example.org,KE,true,\"KE,TZ,UG\","))
  }

  @Test func listFiltersByRegionCountryAndActivity() throws {
    let box = try registry()
    #expect(try box.ok(["officer", "list", "--region", "AME", "--format", "csv"]).contains("akinyi"))
    #expect(!(try box.ok(["officer", "list", "--region", "AME", "--format", "csv"]).contains("mateo")))
    #expect(try box.ok(["officer", "list", "--region", "LAC-AND", "--format", "csv"]).contains("mateo"))
    #expect(try box.ok(["officer", "list", "--country", "bo", "--format", "csv"]).contains("mateo"))
    #expect(!(try box.ok(["officer", "list", "--country", "BO", "--format", "csv"]).contains("akinyi")))
    try box.ok(["officer", "update", "mateo", "--inactive"])
    #expect(!(try box.ok(["officer", "list", "--format", "csv"]).contains("mateo")))
    #expect(
      try box.ok(["officer", "list", "--inactive", "--format", "csv"]).contains(
        "mateo,Mateo Quispe,mateo@example.org,PE,false"))
    try box.ok(["officer", "update", "mateo", "--active"])
    #expect(try box.ok(["officer", "list", "--format", "csv"]).contains("mateo"))
  }

  @Test func updateAndCoverReportWhatChanged() throws {
    let box = try registry()
    let update = try box.run(["officer", "update", "akinyi", "--email", "a.odhiambo@example.org", "--base", "UG"])
    #expect(update.status == 0)
    let shown = try #require(try json(box.ok(["officer", "show", "akinyi", "--format", "json"])) as? [String: Any])
    #expect(shown["email"] as? String == "a.odhiambo@example.org")
    #expect(shown["base_country"] as? String == "UG")
    let noop = try box.run(["officer", "update", "akinyi", "--base", "UG"])
    #expect(noop.status == 0)
    #expect(noop.stderr.contains("nothing changed"))
    let cover = try box.run(["officer", "cover", "akinyi", "--add", "RW,BI", "--remove", "TZ"])
    #expect(cover.stderr.contains("added RW, BI; removed TZ; now covers BI, KE, RW, UG"))
    let nothing = try box.run(["officer", "update", "akinyi"])
    #expect(nothing.status == 64)
  }

  @Test func badInputIsRefusedAndChangesNothing() throws {
    let box = try registry()
    let before = try box.ok(["officer", "list", "--inactive", "--format", "csv"])
    let cases: [([String], Int32, String)] = [
      (
        ["officer", "add", "akinyi", "--name", "X", "--email", "x@y.z", "--base", "KE"], 65,
        "officer 'akinyi' already exists"
      ),
      (
        ["officer", "add", "Akinyi2", "--name", "X", "--email", "x@y.z", "--base", "KE"], 65, "is not an officer handle"
      ),
      (["officer", "add", "x", "--name", "X", "--email", "nope", "--base", "KE"], 65, "is not an e-mail address"),
      (["officer", "add", "x", "--name", "X", "--email", "x@y.z", "--base", "ZZ"], 65, "unknown country code 'ZZ'"),
      (
        ["officer", "add", "x", "--name", "X", "--email", "x@y.z", "--base", "KE", "--covers", "KE,Kenya"], 65,
        "is not a country code"
      ),
      (["officer", "add", "x", "--name", "  ", "--email", "x@y.z", "--base", "KE"], 65, "the name is empty"),
      (["officer", "show", "nobody"], 66, "unknown officer 'nobody'"),
      (["officer", "update", "nobody", "--name", "N"], 66, "unknown officer 'nobody'"),
      (["officer", "cover", "akinyi", "--add", "XK"], 65, "unknown country code 'XK'"),
      (["officer", "cover", "akinyi", "--add", "KE", "--remove", "KE"], 65, "both added and removed"),
      (["officer", "add", "x", "--name", "X", "--email", "x@y.z"], 64, "--base"),
    ]
    for (arguments, status, message) in cases {
      let result = try box.run(arguments)
      #expect(result.status == status, "\(arguments)")
      #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
      #expect(result.stdout == "")
    }
    #expect(try box.ok(["officer", "list", "--inactive", "--format", "csv"]) == before)
  }
}
