import SQLite

// Closed vocabularies are stored as their raw values; the conversions come from
// `RawRepresentable where RawValue: DatabaseValueConvertible`.
extension ProducerType: DatabaseValueConvertible {}
extension CertificationStatus: DatabaseValueConvertible {}
extension CaseType: DatabaseValueConvertible {}
extension CaseStatus: DatabaseValueConvertible {}
extension CasePriority: DatabaseValueConvertible {}
extension CaseEvent.Kind: DatabaseValueConvertible {}
extension ActivityKind: DatabaseValueConvertible {}
extension InsightKind: DatabaseValueConvertible {}
extension AuditKind: DatabaseValueConvertible {}
extension CriterionType: DatabaseValueConvertible {}
extension NCStatus: DatabaseValueConvertible {}
extension SyncRole: DatabaseValueConvertible {}
