import ArgumentParser
import CaseTracker

extension PSR.ProducerCommand {
  /// `psr producer show REF`
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a producer organization.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A FLO ID or an id prefix of at least 6 characters.") var ref: String
    @OptionGroup var output: FormatOption

    func run() throws {
      let store = try global.openStore()
      let (producer, countryName, history, readiness, merges, mergedIntoProducer) = try store.read {
        let producer = try store.producers.resolve(ref)
        return (
          producer, try store.countries.country(producer.country)?.name,
          try store.certification.history(of: producer.id), try store.readiness.assessment(of: producer.id),
          try store.producers.merges(of: producer.id),
          try producer.mergedInto.flatMap { try store.producers.producer(id: $0) }
        )
      }
      var record = producer.record
      record.fields += [
        (name: "renewal_due", value: Field(readiness.renewalDue)),
        (name: "suspension_lift_by", value: Field(readiness.suspensionLiftBy)),
        (name: "merged_into", value: Field(producer.mergedInto)),
      ]
      switch output.format {
      case .json:
        record.fields.append((name: "status_history", value: .records(history.map(\.record))))
        record.fields.append((name: "merges", value: .records(merges.map(\.record))))
        Output.data(JSONRenderer.render(record))
      case .csv:
        Output.csv(
          CSVRenderer.render(
            [record], columns: Producer.detailFields + ["renewal_due", "suspension_lift_by", "merged_into"]))
      case .table:
        var details = producer.details(countryName: countryName)
        if let due = readiness.renewalDue { details.append(("Renewal due", due)) }
        if let liftBy = readiness.suspensionLiftBy { details.append(("Lift suspension by", liftBy)) }
        if let mergedInto = producer.mergedInto {
          details.insert(
            ("Merged into", "\(mergedInto.prefix(8)) \(mergedIntoProducer?.name ?? "")"), at: 1)
        }
        Output.data(TableRenderer.renderDetail(details, style: .stdout))
        Output.data("\n" + TableRenderer.render(history.map(\.record), columns: StatusChange.columns, style: .stdout))
        if !merges.isEmpty {
          Output.data(
            "\nMerges\n" + TableRenderer.render(merges.map(\.record), columns: ProducerMerge.columns, style: .stdout))
        }
      }
    }
  }
}
