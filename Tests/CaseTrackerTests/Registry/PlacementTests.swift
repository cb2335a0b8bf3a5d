import Foundation
import Testing

@testable import CaseTracker

/// Countries that belong to no region: the suggested region, the warnings the repositories return, the
/// import's one warning, the reports' outside row and the check.
@Suite struct PlacementTests {
  @Test func aRegionIsSuggestedOnlyFromANearbyPlacedCountryOfTheSameContinent() throws {
    let test = try TestStore()
    let countries = test.store.countries
    #expect(try countries.suggestedRegion(for: "VE") == "LAC-AND")  // Colombia, 844 km
    #expect(try countries.suggestedRegion(for: "GN") == "AME-WA")
    #expect(try countries.suggestedRegion(for: "US") == nil)  // Mexico is 1,762 km away
    #expect(try countries.suggestedRegion(for: "FR") == nil)  // nothing placed in Europe
    #expect(try countries.suggestedRegion(for: "KN") == nil)  // too small for the 1:110m map
    // A region the user makes is suggested for its neighbours.
    try test.store.regions.add(code: "EUR", name: "Europe", parent: nil)
    try test.store.regions.add(code: "EUR-W", name: "Western Europe", parent: "EUR")
    try countries.setRegion("FR", to: "EUR-W")
    #expect(try countries.suggestedRegion(for: "BE") == "EUR-W")
    #expect(Placement.kilometres((0, 0), (0, 1)) > 111 && Placement.kilometres((0, 0), (0, 1)) < 112)
  }

  @Test func repositoriesReturnTheWarningAndStoreTheRecord() throws {
    let test = try TestStore()
    let (producer, warning) = try test.store.producers.add(ProducerDraft(name: "Caracas", country: "ve", type: .spo))
    #expect(producer.country == "VE")
    #expect(
      warning
        == "VE (Venezuela) belongs to no region, so no region's report counts it; place it with: psr country set-region VE LAC-AND"
    )
    #expect(try test.store.producers.add(ProducerDraft(name: "Nairobi", country: "KE", type: .spo)).warning == nil)
    var draft = ProducerDraft(name: "Caracas", country: "VE", type: .spo, members: 10)
    #expect(try test.store.producers.update(id: producer.id, to: draft).warning == nil)  // already there
    draft.country = "FR"
    let moved = try test.store.producers.update(id: producer.id, to: draft)
    #expect(moved.producer.country == "FR" && moved.warning?.hasPrefix("FR (France) belongs to no region") == true)
    let officers = test.store.officers
    let added = try officers.add(handle: "ana", name: "Ana", email: "a@example.org", base: "VE", covers: ["ve", "CO"])
    #expect(added.officer.baseCountry == "VE" && added.warnings.count == 1)  // VE once, for base and cover
    #expect(try officers.cover(handle: "ana", add: ["KN", "KE"], remove: []).warnings.count == 1)
    #expect(try officers.cover(handle: "ana", add: ["KN"], remove: []).warnings == [])
    #expect(try officers.update(handle: "ana", base: "CO").warning == nil)
  }

  @Test func anImportCountsRowsPerCountryOfNoRegionInOneWarning() throws {
    let test = try TestStore()
    let csv = "name,country,type,flo_id\nA,KN,spo,1\nB,KN,spo,2\nC,VE,spo,3\nD,KE,spo,4\n"
    let dry = try runImport(test.store, csv, dryRun: true)
    #expect(dry.rowsOutsideRegions == ["KN": 2, "VE": 1] && dry.added == 4)
    let summary = try runImport(test.store, csv)
    #expect(summary.rowsOutsideRegions == ["KN": 2, "VE": 1])
    #expect(summary.warning == dry.warning)
    #expect(
      summary.warning
        == "3 rows are in countries that belong to no region: KN (Saint Kitts and Nevis) 2 rows, VE (Venezuela) 1 row; place them with: psr country set-region CODE REGION (see 'psr region list')"
    )
    // Rows that update producers count too; a file of placed countries has no warning.
    #expect(try runImport(test.store, "name,country,type,flo_id\nC,VE,spo,3\n").rowsOutsideRegions == ["VE": 1])
    #expect(try runImport(test.store, "name,country,type,flo_id\nD,KE,spo,4\n").warning == nil)
    let many = (0..<12).map { (country: Country(code: "Q\($0)", name: "Q"), rows: 1) }
    #expect(Placement.importWarning(many, suggesting: nil)?.contains("and 2 more countries;") == true)
  }

  @Test func summariesEndWithTheCountriesOutsideEveryRegionAndCheckWarns() throws {
    let test = try TestStore()
    try test.store.producers.add(
      ProducerDraft(name: "Caracas", country: "VE", type: .spo, status: .certified, statusSince: "2026-03-01"))
    try test.store.producers.add(
      ProducerDraft(name: "Nairobi", country: "KE", type: .spo, status: .certified, statusSince: "2026-04-01"))
    let period = try ReportPeriod.parse("2026")
    for level in ReportRepository.RegionLevel.allCases {
      let summaries = try test.store.reports.summaries(level: level, period: period)
      #expect(summaries.last?.region == nil && summaries.dropLast().allSatisfy { $0.region != nil })
      #expect(summaries.last?.headline.newCertifications == 1)
      #expect(summaries.reduce(0) { $0 + $1.headline.newCertifications } == 2)
    }
    let places = try #require(try test.store.maintenance.check().last)
    #expect(places.name == "places" && places.outcome == .warning && places.passed)
    #expect(places.detail.hasPrefix("1 country with records belongs to no region: VE (Venezuela) 1 producer;"))
    try test.store.countries.setRegion("VE", to: "LAC-AND")
    #expect(try test.store.maintenance.check().allSatisfy { $0.outcome == .ok })
    #expect(try test.store.reports.outsideSummary(period: period).headline.newCertifications == 0)
  }
}
