/** The only module connectors may import (checked by scripts/check-deps.ts). */
export { z } from 'zod'
export * from './connector.contract'
export * from './connector.errors'
export { secret, secretFields, findSecretPaths, type SecretPath } from './secret'
export { createHttpClient, errorResponseOf, parseRetryAfter, type ErrorResponse, type HttpClient, type HttpRequest, type HttpResponse, type HttpMethod } from './http.client'
export { getPath } from './json-path'
export { parseJsonExact } from './json-exact'
export { filterFrom, laterIso, newestInstant, toIso } from './watermark'
export { BatchCollector } from './document-batches'
// XML for the document and OData connectors (entity expansion is off by default: no XXE).
export { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser'
export { streamXmlElements, parseXmlElement, type XmlStreamEvent, type XmlStreamOptions, type XmlNode } from './xml-stream'
