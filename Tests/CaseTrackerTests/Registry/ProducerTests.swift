import Foundation
import SQLite
import Testing

@testable import CaseTracker

@Suite struct ProducerTests {
  private let idA = "aaaaaa11-1111-4111-8111-111111111111"
  private let idB = "aaaaaa22-2222-4222-8222-222222222222"
  private let idC = "bbbbbb33-3333-4333-8333-333333333333"

  @Test func addNormalizes() throws {
    let test = try TestStore()
    let producer = try test.store.producers.add(
      ProducerDraft(
        name: " Kabngetuny Coop ", country: "ke", type: .spo, floID: "007", products: ["Coffee, TEA ;coffee"],
        members: 1200, status: .certified)
    ).producer
    #expect(Identifier.isUUID(producer.id) && producer.id == producer.id.lowercased())
    #expect(
      producer
        == Producer(
          id: producer.id, name: "Kabngetuny Coop", country: "KE", type: .spo, floID: "7",
          products: ["coffee", "tea"], members: 1200, status: .certified, statusSince: "2026-11-26",
          createdAt: producer.createdAt,
          updatedAt: producer.createdAt))
    #expect(try test.store.producers.require(id: producer.id) == producer)
    #expect(try test.store.producers.producer(floID: "7") == producer)
    let rows = try test.store.db.rows("SELECT product, position FROM producer_products ORDER BY position")
    #expect(rows.map(\.values) == [[.text("coffee"), .integer(0)], [.text("tea"), .integer(1)]])
    let prospect = try test.store.producers.add(ProducerDraft(name: "New Group", country: "UG", type: .cp)).producer
    #expect(prospect.floID == nil && prospect.products == [] && prospect.members == nil)
    #expect(prospect.status == .prospect)
  }

  @Test func refusedProducersChangeNothing() throws {
    let test = try TestStore()
    let producers = test.store.producers
    let first = try producers.add(ProducerDraft(name: "Kabngetuny Coop", country: "KE", type: .spo, floID: "7"))
      .producer
    let before = try snapshot(test.store.db)
    #expect(
      throws: DomainError.invalid(
        "FLO ID 7 already belongs to Kabngetuny Coop (\(first.shortID)); each FLO ID is unique")
    ) { try producers.add(ProducerDraft(name: "Other", country: "UG", type: .spo, floID: "0007")) }
    expectDomainError(.invalid, "'0' is not a FLO ID") {
      try producers.add(ProducerDraft(name: "Other", country: "UG", type: .spo, floID: "0"))
    }
    #expect(throws: DomainError.invalid("unknown country code 'ZZ'; see 'psr country list'")) {
      try producers.add(ProducerDraft(name: "Other", country: "zz", type: .spo))
    }
    #expect(throws: DomainError.invalid("the producer name is empty; give a producer name")) {
      try producers.add(ProducerDraft(name: " ", country: "UG", type: .spo))
    }
    #expect(throws: DomainError.invalid("the member count is -1; give a whole number from 0 to 10000000")) {
      try producers.add(ProducerDraft(name: "Other", country: "UG", type: .spo, members: -1))
    }
    #expect(try snapshot(test.store.db) == before)
  }

  @Test func updateReportsWhetherAnythingChanged() throws {
    let test = try TestStore()
    let producers = test.store.producers
    let draft = ProducerDraft(name: "Alpha", country: "KE", type: .spo, floID: "1", products: ["tea"])
    let alpha = try producers.add(draft).producer
    try producers.add(ProducerDraft(name: "Beta", country: "UG", type: .spo, floID: "2"))
    #expect(try producers.update(id: alpha.id, to: draft).changed == false)
    var changed = draft
    changed.products = ["Cocoa", "tea"]
    changed.status = .applicant
    let result = try producers.update(id: alpha.id, to: changed)
    #expect(result.changed)
    #expect(result.producer.products == ["cocoa", "tea"] && result.producer.status == .applicant)
    changed.floID = "02"
    expectDomainError(.invalid, "FLO ID 2 already belongs to Beta") { try producers.update(id: alpha.id, to: changed) }
    #expect(throws: DomainError.notFound("no producer has id \(idA)")) { try producers.update(id: idA, to: draft) }
  }

  @Test func resolve() throws {
    let test = try TestStore()
    let producers = test.store.producers
    let a = try producers.add(ProducerDraft(name: "Alpha", country: "KE", type: .spo, floID: "27651"), id: idA).producer
    let b = try producers.add(ProducerDraft(name: "Beta", country: "UG", type: .hlo), id: idB).producer
    let c = try producers.add(ProducerDraft(name: "Gamma", country: "TZ", type: .cp, floID: "42"), id: idC).producer
    #expect(try producers.resolve("27651") == a)
    #expect(try producers.resolve("027651") == a)
    #expect(try producers.resolve(" 42 ") == c)
    #expect(try producers.resolve("bbbbbb") == c)
    #expect(try producers.resolve("AAAAAA22") == b)
    #expect(try producers.resolve(idA) == a)
    #expect(
      throws: DomainError.invalid(
        "'aaaaaa' matches 2 producers: aaaaaa11 Alpha (KE); aaaaaa22 Beta (UG); give more characters of the id")
    ) { try producers.resolve("aaaaaa") }
    for short in ["aaaaa", "99"] {
      #expect(
        throws: DomainError.notFound(
          "no producer has FLO ID '\(short)', and an id prefix needs at least 6 characters")
      ) { try producers.resolve(short) }
    }
    for unknown in ["cccccc", "Alpha", "123456"] {
      #expect(
        throws: DomainError.notFound(
          "no producer matches '\(unknown)'; give a FLO ID or an id prefix of at least 6 characters (see 'psr producer list')"
        )
      ) { try producers.resolve(unknown) }
    }
  }

  @Test func listFilters() throws {
    let test = try TestStore()
    let producers = test.store.producers
    let drafts = [
      ProducerDraft(name: "Alpha", country: "KE", type: .spo, products: ["coffee", "tea"], status: .certified),
      ProducerDraft(name: "beta", country: "UG", type: .hlo, products: ["flowers"], status: .applicant),
      ProducerDraft(name: "Gamma", country: "GH", type: .spo, products: ["cocoa"]),
      ProducerDraft(name: "Delta", country: "IN", type: .cp, products: ["tea", "herbs & spices"], status: .certified),
      ProducerDraft(name: "epsilon", country: "FR", type: .spo, products: ["wine grapes"]),
    ]
    for draft in drafts { try producers.add(draft) }
    func names(_ filter: ProducerFilter) throws -> [String] { try producers.list(filter).map(\.name) }
    #expect(try names(ProducerFilter()) == ["Alpha", "beta", "Delta", "epsilon", "Gamma"])
    #expect(try names(ProducerFilter(region: "ame")) == ["Alpha", "beta", "Gamma"])
    #expect(try names(ProducerFilter(region: "AME-ECA")) == ["Alpha", "beta"])
    #expect(try names(ProducerFilter(region: "ASP")) == ["Delta"])
    #expect(try names(ProducerFilter(country: "ke")) == ["Alpha"])
    #expect(try names(ProducerFilter(type: .spo)) == ["Alpha", "epsilon", "Gamma"])
    #expect(try names(ProducerFilter(status: .certified)) == ["Alpha", "Delta"])
    #expect(try names(ProducerFilter(product: " TEA ")) == ["Alpha", "Delta"])
    #expect(try names(ProducerFilter(product: "Herbs  &  Spices")) == ["Delta"])
    #expect(try names(ProducerFilter(region: "AME", type: .spo, product: "tea")) == ["Alpha"])
    #expect(try names(ProducerFilter(status: .withdrawn)) == [])
    // Listing by product keeps every product of the producers listed.
    #expect(
      try producers.list(ProducerFilter(product: "tea")).map(\.products) == [
        ["coffee", "tea"], ["tea", "herbs & spices"],
      ])
    #expect(throws: DomainError.invalid("unknown region 'XX'; see 'psr region list'")) {
      try names(ProducerFilter(region: "XX"))
    }
    #expect(throws: DomainError.invalid("unknown country code 'ZZ'; see 'psr country list'")) {
      try names(ProducerFilter(country: "ZZ"))
    }
  }

  @Test func hostileStringsAreStoredVerbatim() throws {
    let test = try TestStore()
    let producers = test.store.producers
    let names = ["Robert'); DROP TABLE producers;--", "\"=cmd|' /C calc'!A0\"", "=HYPERLINK(\"x\")"]
    var ids: [String] = []
    for name in names {
      ids.append(
        try producers.add(ProducerDraft(name: name, country: "KE", type: .spo, products: ["o'hara \"tea\" --"]))
          .producer.id)
    }
    for (id, name) in zip(ids, names) {
      let producer = try producers.require(id: id)
      #expect(producer.name == name)
      #expect(producer.products == ["o'hara \"tea\" --"])
      #expect(try producers.resolve(id) == producer)
    }
    #expect(try producers.list().map(\.name).sorted() == names.sorted())
    #expect(try test.store.db.scalar("SELECT count(*) FROM producers") == 3)
  }
}
