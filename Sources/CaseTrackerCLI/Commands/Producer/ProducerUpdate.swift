import ArgumentParser
import CaseTracker

extension PSR.ProducerCommand {
  /// `psr producer update REF [...]`
  struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "update", abstract: "Change a producer organization's details.",
      discussion: "Example: psr producer update 27651 --members 910 --add-product honey")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A FLO ID or an id prefix of at least 6 characters.") var ref: String
    @Option(help: "The organization's name.") var name: String?
    @Option(help: "Country code.") var country: String?
    @Option(help: "spo, hlo or cp.") var type: ProducerType?
    @Option(name: .customLong("flo-id"), help: "The FLO ID.") var floID: String?
    @Flag(name: .customLong("no-flo-id"), help: "Remove the FLO ID.") var noFLOID = false
    @Option(help: "Replace the products, comma-separated.") var products: String?
    @Option(name: .customLong("add-product"), help: "Add a product (repeatable).") var addProduct: [String] = []
    @Option(name: .customLong("remove-product"), help: "Remove a product (repeatable).")
    var removeProduct: [String] = []
    @Option(parsing: .unconditional, help: "Members or workers (at most 10000000).", transform: NumberArgument.whole)
    var members: Int?
    @Flag(name: .customLong("no-members"), help: "Forget the member count.") var noMembers = false
    @Option(
      help: "Move along the certification state machine, dated today ('producer status' takes a date and a note).")
    var status: CertificationStatus?

    func validate() throws {
      if floID != nil && noFLOID { throw ValidationError("give --flo-id or --no-flo-id, not both") }
      if members != nil && noMembers { throw ValidationError("give --members or --no-members, not both") }
      let nothing =
        name == nil && country == nil && type == nil && floID == nil && !noFLOID && products == nil
        && addProduct.isEmpty && removeProduct.isEmpty && members == nil && !noMembers && status == nil
      if nothing { throw ValidationError("nothing to update; give at least one option such as --name or --members") }
    }

    func run() throws {
      let store = try global.openStore()
      let producer = try store.producers.resolve(ref)
      var draft = ProducerDraft(
        name: name ?? producer.name, country: country ?? producer.country, type: type ?? producer.type,
        floID: noFLOID ? nil : (floID ?? producer.floID), products: producer.products,
        members: noMembers ? nil : (members ?? producer.members), status: status ?? producer.status)
      if let products { draft.products = try Validate.products(products) }
      for product in try addProduct.flatMap(Validate.products) where !draft.products.contains(product) {
        draft.products.append(product)
      }
      let removing = try removeProduct.flatMap(Validate.products)
      draft.products.removeAll { removing.contains($0) }
      let (updated, changed, warning) = try store.producers.update(id: producer.id, to: draft)
      if let warning { Output.warning(warning) }
      global.say(
        changed
          ? "updated \(updated.name) (\(updated.shortID))"
          : "\(updated.name) (\(updated.shortID)) already has these values; nothing changed")
    }
  }
}
