import Foundation
import SQLite
import Testing

@testable import CaseTracker

@Suite struct InsightTests {
  @Test func addsWithTodayAndTheActingOfficer() throws {
    let world = try CaseWorld()
    let store = try world.store()
    let insight = try store.insights.add(
      country: "ke", product: " Coffee ", kind: .price, text: " Farm-gate prices up 10% \n", date: nil, officer: nil)
    #expect(Identifier.isUUID(insight.id))
    #expect(insight.createdAt.hasPrefix("2026-11-26T"))
    #expect(
      insight
        == Insight(
          id: insight.id, date: "2026-11-26", officer: "akinyi", country: "KE", product: "coffee", kind: .price,
          text: "Farm-gate prices up 10%", createdAt: insight.createdAt))
    #expect(try store.insights.require(id: insight.id) == insight)
    let createdBy: String? = try store.db.scalar("SELECT created_by FROM insights WHERE id = ?", [insight.id])
    #expect(createdBy == "akinyi")

    let explicit = try store.insights.add(
      country: "PE", product: nil, kind: .climate, text: "Late rains", date: "2026-11-01", officer: "pedro")
    #expect(explicit.date == "2026-11-01" && explicit.officer == "pedro" && explicit.product == nil)
  }

  @Test func refusesBadValues() throws {
    let world = try CaseWorld()
    let insights = try world.store().insights
    #expect(
      throws: DomainError.invalid(
        "'2026-11-27' is not a plausible insight date: it is in the future; give a date from 2000-01-01 to 2026-11-26")
    ) {
      try insights.add(country: "KE", product: nil, kind: .demand, text: "x", date: "2026-11-27", officer: nil)
    }
    expectDomainError(.invalid, "'26/11/2026' is not a valid insight date") {
      try insights.add(country: "KE", product: nil, kind: .demand, text: "x", date: "26/11/2026", officer: nil)
    }
    #expect(throws: DomainError.invalid("the product is empty; give a product such as coffee")) {
      try insights.add(country: "KE", product: " , ", kind: .demand, text: "x", date: nil, officer: nil)
    }
    #expect(throws: DomainError.invalid("unknown country code 'ZZ'; see 'psr country list'")) {
      try insights.add(country: "zz", product: nil, kind: .demand, text: "x", date: nil, officer: nil)
    }
    #expect(throws: DomainError.invalid("unknown officer 'nobody'; see 'psr officer list'")) {
      try insights.add(country: "KE", product: nil, kind: .demand, text: "x", date: nil, officer: "nobody")
    }
    expectDomainError(.invalid, "the insight text is empty") {
      try insights.add(country: "KE", product: nil, kind: .demand, text: "\n ", date: nil, officer: nil)
    }
    #expect(try world.count("insights") == 0)
  }

  @Test func listFiltersNewestFirst() throws {
    let world = try CaseWorld()
    let insights = try world.store().insights
    let i1 = try insights.add(
      country: "KE", product: "coffee", kind: .demand, text: "Buyers ask", date: "2026-10-01", officer: nil)
    let i2 = try insights.add(
      country: "PE", product: "Coffee", kind: .price, text: "Prices", date: "2026-10-15", officer: "pedro")
    let i3 = try insights.add(
      country: "IN", product: "tea", kind: .supply, text: "Supply", date: "2026-11-01", officer: "pedro")
    let i4 = try insights.add(country: "UG", product: nil, kind: .climate, text: "Drought", date: nil, officer: nil)
    let ids = [i1.id, i2.id, i3.id, i4.id]
    func list(_ build: (inout InsightFilter) -> Void = { _ in }) throws -> [Int] {
      var filter = InsightFilter()
      build(&filter)
      return try insights.list(filter).map { (ids.firstIndex(of: $0.id) ?? 98) + 1 }
    }
    #expect(try list() == [4, 3, 2, 1])
    #expect(try insights.list(InsightFilter()) == [i4, i3, i2, i1])
    #expect(try list { $0.region = "AME" } == [4, 1])
    #expect(try list { $0.region = "ASP-SAS" } == [3])
    #expect(try list { $0.country = "pe" } == [2])
    #expect(try list { $0.product = " COFFEE " } == [2, 1])
    #expect(try list { $0.product = "cocoa" } == [])
    #expect(
      try list {
        $0.from = "2026-10-15"
        $0.to = "2026-11-01"
      } == [3, 2])
    #expect(
      try list {
        $0.region = "AME"
        $0.product = "coffee"
      } == [1])
    #expect(throws: DomainError.invalid("unknown region 'XX'; see 'psr region list'")) {
      _ = try list { $0.region = "XX" }
    }
  }
}
