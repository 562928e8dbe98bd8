import { csvConformance } from '../../connectors/csv/csv.conformance'
import { idocConformance } from '../../connectors/idoc/idoc.conformance'
import { odataV4Conformance } from '../../connectors/odata-v4/odata-v4.conformance'
import { restConformance } from '../../connectors/rest/rest.conformance'
import { sapODataConformance } from '../../connectors/sap-odata/sap-odata.conformance'
import { trytonConformance } from '../../connectors/tryton/tryton.conformance'
import { ublConformance } from '../../connectors/ubl/ubl.conformance'
import type { DocumentTarget, RemoteTarget } from './conformance.types'

/** Every installed connector is listed here; a connector missing from this list fails its review. */
export const remoteTargets: RemoteTarget[] = [restConformance, sapODataConformance, odataV4Conformance, trytonConformance]
export const documentTargets: DocumentTarget[] = [csvConformance, idocConformance, ublConformance]
