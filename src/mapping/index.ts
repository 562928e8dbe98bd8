/** The mapping engine: declarative mapping files, checked at load, compiled once, run per record. Pure. */
export { parseMappingFile, type ParseMappingOptions } from './mapping-file.parse'
export { compileMapping } from './mapping.compile'
export { mapsTo } from './compiled-mapping.guard'
export { MappingFileError, formatMappingFileIssue, type MappingFileIssue } from './mapping-file.error'
export { formatMappingIssue, formatMappingIssues, shortenValue } from './mapping-issue.format'
export type {
  CanonicalValue,
  CompiledMapping,
  FieldSpec,
  FieldSpecs,
  GroupFieldSpec,
  LookupValue,
  MapResult,
  MappingIssue,
  MappingIssueCode,
  MappingSpec,
  Scalar,
  ValueFieldSpec,
} from './mapping.types'
export { coercionNames, type CoercionName } from './coercion.registry'
export { transformNames, type TransformName } from './value.transform'
