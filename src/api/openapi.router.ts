import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { ApiDeps } from './api.deps'
import { DOCS_CSP, DOCS_HTML } from './openapi/docs.page'
import { buildOpenApi } from './openapi/openapi.build'
import { routeGroup, type CataloguedRouter, type RouteGroupInfo } from './openapi/route.catalogue'

/** The hub's version, from the package.json above this file (src/ or a build's dist/src/). */
function hubVersion(): string {
  for (let dir = __dirname, i = 0; i < 5; dir = dirname(dir), i++) {
    const file = join(dir, 'package.json')
    if (!existsSync(file)) continue
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }
    if (pkg.name === 'erphub' && pkg.version) return pkg.version
  }
  return '0.0.0'
}

/**
 * `GET /openapi.json` and `GET /docs`, without an API key: the document is built from the catalogue
 * of every router (`groups`, this one included) once, on first request.
 */
export function openApiRouter(deps: ApiDeps, groups: () => readonly RouteGroupInfo[]): CataloguedRouter {
  const api = routeGroup('', { name: 'Reference', description: 'This API described: the OpenAPI document and an interactive reference of it.' })
  let document: string | undefined
  const documentText = () => (document ??= JSON.stringify(buildOpenApi({ groups: groups(), registry: deps.connections.registry, version: hubVersion() })))

  api.get('/openapi.json', { summary: 'The OpenAPI 3.1 document of this API', description: "Generated from the route catalogue and the zod schemas that validate each request.", access: 'public', answers: [{ description: 'the document' }] }, (_req, res) => {
    res.type('application/json').send(documentText())
  })
  api.get(
    '/docs',
    { summary: 'The interactive API reference', description: 'Renders /openapi.json in the browser, with a form that sends requests with an API key typed into the page.', access: 'public', answers: [{ description: 'an HTML page', mediaType: 'text/html' }] },
    (_req, res) => {
      res.set('Content-Security-Policy', DOCS_CSP).type('html').send(DOCS_HTML)
    },
  )
  return api.router
}
