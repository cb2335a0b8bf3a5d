import Foundation
import SQLite
import Testing

@testable import CaseTracker

@Suite struct RegionTests {
  @Test func addTopLevelAndSubRegion() throws {
    let test = try TestStore()
    let regions = test.store.regions
    #expect(
      try regions.add(code: "eur", name: " Europe ", parent: nil) == Region(code: "EUR", name: "Europe", parent: nil))
    #expect(
      try regions.add(code: "Eur-North", name: "Northern Europe", parent: "eur")
        == Region(code: "EUR-NORTH", name: "Northern Europe", parent: "EUR"))
    try test.store.countries.setRegion("se", to: "eur-north")
    #expect(try regions.region("EUR")?.countryCount == 1)
    #expect(
      try regions.all().map(\.code).filter { $0.hasPrefix("EUR") || !$0.contains("-") } == [
        "AME", "ASP", "EUR", "EUR-NORTH", "LAC",
      ])
  }

  @Test func refusedRegionsChangeNothing() throws {
    let test = try TestStore()
    let regions = test.store.regions
    let before = try snapshot(test.store.db)
    #expect(throws: DomainError.invalid("region 'AME-ECA' already exists; see 'psr region list'")) {
      try regions.add(code: "ame-eca", name: "Again", parent: "AME")
    }
    #expect(
      throws: DomainError.invalid(
        "'AME-ECA' is a sub-region of AME; the parent must be a top-level region such as AME")
    ) { try regions.add(code: "AME-ECA-N", name: "North", parent: "AME-ECA") }
    #expect(throws: DomainError.invalid("unknown region 'EUR'; see 'psr region list'")) {
      try regions.add(code: "EUR-N", name: "North", parent: "EUR")
    }
    for bad in ["A", "1AB", "AB--C", "AB-", "A B", ""] {
      expectDomainError(.invalid, "is not a region code") { try regions.add(code: bad, name: "X", parent: nil) }
    }
    #expect(throws: DomainError.invalid("the region name is empty; give a region name")) {
      try regions.add(code: "EUR", name: " ", parent: nil)
    }
    #expect(try snapshot(test.store.db) == before)
  }
}

@Suite struct CountryTests {
  @Test func listsByRegion() throws {
    let test = try TestStore()
    let countries = test.store.countries
    #expect(try countries.list().count == 249)
    #expect(try countries.list().first == Country(code: "AD", name: "Andorra"))
    let ame = try countries.list(region: "AME")
    #expect(ame.count == 31)
    #expect(ame.allSatisfy { $0.network == "AME" })
    #expect(Set(["KE", "GH", "ZA", "EG"]).isSubset(of: ame.map(\.code)))
    #expect(!ame.contains { $0.code == "IN" })
    #expect(try countries.list(region: "ame-eca").map(\.code) == ["BI", "CD", "ET", "KE", "MG", "RW", "TZ", "UG"])
    #expect(throws: DomainError.invalid("unknown region 'XX'; see 'psr region list'")) {
      try countries.list(region: "XX")
    }
    #expect(try countries.country("ke") == Country(code: "KE", name: "Kenya", region: "AME-ECA", network: "AME"))
    #expect(try countries.country("fr") == Country(code: "FR", name: "France"))
    #expect(try countries.country("zz") == nil)
  }

  @Test func setRegionMovesCountry() throws {
    let test = try TestStore()
    let countries = test.store.countries
    #expect(
      try countries.setRegion("ke", to: "ame-wa")
        == Country(code: "KE", name: "Kenya", region: "AME-WA", network: "AME"))
    #expect(try test.store.db.scalar("SELECT region FROM countries WHERE code = 'KE'") == "AME-WA")
    #expect(try countries.list(region: "AME-ECA").count == 7)
    #expect(try countries.list(region: "AME-WA").count == 12)
    try countries.setRegion("KE", to: "ASP-SEA")
    #expect(try countries.list(region: "AME").count == 30)
    #expect(try countries.list(region: "ASP").map(\.code).contains("KE"))
    try countries.setRegion("fr", to: "AME-MENA")
    #expect(try countries.country("FR")?.network == "AME")
  }

  @Test func refusedMovesChangeNothing() throws {
    let test = try TestStore()
    let countries = test.store.countries
    let before = try snapshot(test.store.db)
    #expect(
      throws: DomainError.invalid(
        "AME is a top-level region; a country belongs to a sub-region, such as AME-ECA, AME-MENA, AME-SA")
    ) { try countries.setRegion("KE", to: "ame") }
    #expect(throws: DomainError.notFound("unknown country code 'ZZ'; see 'psr country list'")) {
      try countries.setRegion("zz", to: "AME-ECA")
    }
    #expect(throws: DomainError.invalid("unknown region 'NOPE'; see 'psr region list'")) {
      try countries.setRegion("KE", to: "NOPE")
    }
    expectDomainError(.invalid, "'K1' is not a country code") { try countries.setRegion("K1", to: "AME-ECA") }
    #expect(try snapshot(test.store.db) == before)
    try test.store.regions.add(code: "EUR", name: "Europe", parent: nil)
    #expect(
      throws: DomainError.invalid(
        "EUR is a top-level region; a country belongs to a sub-region, add one with 'psr region add CODE --name NAME --parent EUR'"
      )
    ) { try countries.setRegion("FR", to: "EUR") }
  }
}

@Suite struct OfficerTests {
  @Test func addWithCovers() throws {
    let test = try TestStore()
    let officer = try test.store.officers.add(
      handle: "akinyi", name: " Akinyi Otieno ", email: "akinyi@example.org", base: "ke",
      covers: ["ug", "KE", "tz", "UG"]
    ).officer
    #expect(
      officer
        == Officer(
          handle: "akinyi", name: "Akinyi Otieno", email: "akinyi@example.org", baseCountry: "KE", isActive: true,
          countries: ["KE", "TZ", "UG"], createdAt: officer.createdAt, updatedAt: officer.createdAt))
    #expect(officer.createdAt.count == 24 && officer.createdAt.hasSuffix("Z"))
    #expect(try test.store.officers.officer("akinyi") == officer)
    #expect(try test.store.officers.officer("nobody") == nil)
  }

  @Test func refusedOfficersChangeNothing() throws {
    let test = try TestStore()
    let officers = test.store.officers
    try officers.add(handle: "akinyi", name: "Akinyi", email: "a@example.org", base: "KE", covers: ["KE"])
    let before = try snapshot(test.store.db)
    #expect(throws: DomainError.invalid("officer 'akinyi' already exists; see 'psr officer show akinyi'")) {
      try officers.add(handle: "akinyi", name: "Other", email: "o@example.org", base: "UG", covers: [])
    }
    for bad in ["Bad", "-x", "a b"] {
      #expect(
        throws: DomainError.invalid(
          "'\(bad)' is not an officer handle; use 1 to 32 lower-case letters, digits and dashes, such as akinyi")
      ) { try officers.add(handle: bad, name: "X", email: "x@example.org", base: "KE", covers: []) }
    }
    #expect(throws: DomainError.invalid("unknown country code 'ZZ'; see 'psr country list'")) {
      try officers.add(handle: "kofi", name: "Kofi", email: "k@example.org", base: "zz", covers: [])
    }
    #expect(throws: DomainError.invalid("unknown country code 'QQ'; see 'psr country list'")) {
      try officers.add(handle: "kofi", name: "Kofi", email: "k@example.org", base: "GH", covers: ["GH", "QQ"])
    }
    expectDomainError(.invalid, "is not an e-mail address") {
      try officers.add(handle: "kofi", name: "Kofi", email: "kofi", base: "GH", covers: [])
    }
    #expect(try snapshot(test.store.db) == before)
  }

  @Test func listFilters() throws {
    let test = try TestStore()
    let officers = test.store.officers
    try officers.add(handle: "akinyi", name: "A", email: "a@example.org", base: "KE", covers: ["KE", "UG"])
    try officers.add(handle: "kofi", name: "K", email: "k@example.org", base: "GH", covers: ["GH", "CI"])
    // Based in Eastern & Central Africa, covering only South Asia.
    try officers.add(handle: "dana", name: "D", email: "d@example.org", base: "ET", covers: ["IN", "LK"])
    // Based in the Andes, covering one Eastern & Central African country.
    try officers.add(handle: "maria", name: "M", email: "m@example.org", base: "PE", covers: ["BO", "RW"])
    try officers.add(handle: "lin", name: "L", email: "l@example.org", base: "TH", covers: ["VN"])
    try officers.add(handle: "old", name: "O", email: "o@example.org", base: "KE", covers: ["KE"])
    _ = try officers.update(handle: "old", active: false)
    func handles(region: String? = nil, country: String? = nil, includeInactive: Bool = false) throws -> [String] {
      try officers.list(region: region, country: country, includeInactive: includeInactive).map(\.handle)
    }
    #expect(try handles() == ["akinyi", "dana", "kofi", "lin", "maria"])
    #expect(try handles(includeInactive: true) == ["akinyi", "dana", "kofi", "lin", "maria", "old"])
    #expect(try handles(region: "ame-eca") == ["akinyi", "dana", "maria"])
    #expect(try handles(region: "AME-ECA", includeInactive: true) == ["akinyi", "dana", "maria", "old"])
    #expect(try handles(region: "AME") == ["akinyi", "dana", "kofi", "maria"])
    #expect(try handles(region: "ASP") == ["dana", "lin"])
    #expect(try handles(region: "LAC-SCB") == [])
    #expect(try handles(country: "ke") == ["akinyi"])
    #expect(try handles(country: "KE", includeInactive: true) == ["akinyi", "old"])
    #expect(try handles(country: "ET") == [])
    #expect(try handles(region: "ASP", country: "IN") == ["dana"])
    #expect(throws: DomainError.invalid("unknown region 'XX'; see 'psr region list'")) { try handles(region: "XX") }
    #expect(throws: DomainError.invalid("unknown country code 'ZZ'; see 'psr country list'")) {
      try handles(country: "ZZ")
    }
  }

  @Test func updateReportsWhetherAnythingChanged() throws {
    let test = try TestStore()
    let officers = test.store.officers
    let added = try officers.add(handle: "akinyi", name: "Akinyi", email: "a@example.org", base: "KE", covers: [])
      .officer
    let same = try officers.update(handle: "akinyi", name: "Akinyi ", email: "a@example.org", base: "ke", active: true)
    #expect(same.changed == false)
    #expect(same.officer == added)
    #expect(try officers.update(handle: "akinyi").changed == false)
    let changed = try officers.update(handle: "akinyi", name: "Akinyi O.", base: "ug", active: false)
    #expect(changed.changed)
    #expect(changed.officer.name == "Akinyi O.")
    #expect(changed.officer.baseCountry == "UG")
    #expect(changed.officer.isActive == false)
    #expect(try officers.require("akinyi") == changed.officer)
    #expect(throws: DomainError.notFound("unknown officer 'nobody'; see 'psr officer list'")) {
      try officers.update(handle: "nobody", name: "X")
    }
    #expect(throws: DomainError.invalid("unknown country code 'ZZ'; see 'psr country list'")) {
      try officers.update(handle: "akinyi", base: "ZZ")
    }
  }

  @Test func coverReportsWhatChanged() throws {
    let test = try TestStore()
    let officers = test.store.officers
    try officers.add(handle: "akinyi", name: "A", email: "a@example.org", base: "KE", covers: ["KE", "TZ", "UG"])
    let result = try officers.cover(handle: "akinyi", add: ["KE", "rw", "RW"], remove: ["tz", "ET"])
    #expect(result.added == ["RW"])
    #expect(result.removed == ["TZ"])
    #expect(result.officer.countries == ["KE", "RW", "UG"])
    let before = try officers.require("akinyi")
    let none = try officers.cover(handle: "akinyi", add: ["KE"], remove: ["ET"])
    #expect(none.added == [] && none.removed == [])
    #expect(none.officer == before)
    #expect(throws: DomainError.invalid("KE is both added and removed; name it in --add or --remove, not both")) {
      try officers.cover(handle: "akinyi", add: ["ke"], remove: ["KE"])
    }
    #expect(throws: DomainError.notFound("unknown officer 'nobody'; see 'psr officer list'")) {
      try officers.cover(handle: "nobody", add: ["KE"], remove: [])
    }
    #expect(try officers.require("akinyi") == before)
  }
}
