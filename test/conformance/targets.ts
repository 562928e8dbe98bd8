import { restConformance } from '../../connectors/rest/rest.conformance'
import type { DocumentTarget, RemoteTarget } from './conformance.types'

/** Every installed connector is listed here; a connector missing from this list fails its review. */
export const remoteTargets: RemoteTarget[] = [restConformance]
export const documentTargets: DocumentTarget[] = []
