import CaseTracker

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension ReportDataRenderer {
  /// A share as a fraction with three decimals (0.417), null when there is nothing to divide by.
  static func fraction(_ share: Double?) -> Field {
    share.map { .real(($0 * 1000).rounded() / 1000) } ?? .null
  }

  static func topicRecord(
    _ topic: RegionReport.TopicTraining, of section: RegionReport.TrainingPriorities, priority: Bool
  )
    -> Record
  {
    var fields: [(String, Field)] = [("topic", .text(topic.topic))]
    if priority {
      fields += [("description", .text(topic.description)), ("chosen_by", Field(topic.chosenBy))]
    }
    return Record(
      fields + [
        ("sessions", .int(topic.sessions)), ("hours", .real(topic.hours)),
        (
          "participants",
          .object(
            Record([
              ("women", .int(topic.women)), ("men", .int(topic.men)), ("other", .int(topic.other)),
              ("total", .int(topic.participants)),
            ]))
        ),
        ("producers_reached", .int(topic.producersReached)),
        ("certified_and_applicant_reached", .int(topic.certifiedOrApplicantReached)),
        ("share_reached", fraction(ReportDocument.share(topic, of: section))),
      ])
  }

  /// The `training_priorities` object of the report's JSON.
  static func trainingPriorities(_ report: RegionReport) -> Field {
    let t = report.trainingPriorities
    return .object(
      Record([
        ("sessions", .int(t.sessions)), ("sessions_on_priorities", .int(t.sessionsOnPriorities)),
        ("sessions_without_topic", .int(t.sessionsWithoutTopic)),
        ("certified_and_applicant", .int(t.certifiedOrApplicant)),
        ("certified_and_applicant_reached_on_priorities", .int(t.certifiedOrApplicantReachedOnPriorities)),
        ("share_reached_on_priorities", fraction(t.shareReached)),
        ("priorities", .records(t.priorities.map { topicRecord($0, of: t, priority: true) })),
        ("other_topics", .records(t.otherTopics.map { topicRecord($0, of: t, priority: false) })),
        ("untrained_priorities", Field(t.untrained)),
      ]))
  }

  /// The section's facts in the long CSV: totals, then each priority area (group `priority:CODE`) and each
  /// topic off them (group `topic:WORD`).
  static func trainingPriorityFacts(_ report: RegionReport, _ fact: (String, String, String, String) -> Void) {
    let t = report.trainingPriorities
    let section = "training_priorities"
    for (metric, value) in [
      ("sessions", t.sessions), ("sessions_on_priorities", t.sessionsOnPriorities),
      ("sessions_without_topic", t.sessionsWithoutTopic), ("certified_and_applicant", t.certifiedOrApplicant),
      ("certified_and_applicant_reached_on_priorities", t.certifiedOrApplicantReachedOnPriorities),
    ] {
      fact(section, "", metric, String(value))
    }
    fact(section, "", "share_reached_on_priorities", fraction(t.shareReached).plain)
    for (prefix, topics) in [("priority", t.priorities), ("topic", t.otherTopics)] {
      for topic in topics {
        let group = "\(prefix):\(topic.topic)"
        for (metric, value) in [
          ("sessions", topic.sessions), ("participants_women", topic.women), ("participants_men", topic.men),
          ("participants_other", topic.other), ("producers_reached", topic.producersReached),
          ("certified_and_applicant_reached", topic.certifiedOrApplicantReached),
        ] {
          fact(section, group, metric, String(value))
        }
        fact(section, group, "hours", ReportDocument.amount(topic.hours))
        fact(section, group, "share_reached", fraction(ReportDocument.share(topic, of: t)).plain)
      }
    }
  }
}
