import type { Response } from 'express'
import { HubError } from '../errors/hub-error'
import { consoleAssetCache, type ConsoleAsset, type ConsoleAssets } from './console/console.bundle'
import { routeGroup, type CataloguedRouter } from './openapi/route.catalogue'

/**
 * The web console, on the API's own origin: one HTML page, its script and its style sheet. The page
 * signs in with an API key that it keeps in the tab's sessionStorage and sends as a bearer token, so
 * no cookie authenticates the API (and no other site can make a browser call it). The
 * Content-Security-Policy holds the page to this origin: no inline script, nothing from a CDN.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>erphub console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/console.css">
<script type="module" src="/console/app.js"></script>
</head>
<body><div id="app"><p class="boot">Loading the erphub console…</p></div></body>
</html>
`

export function consoleRouter(options: { assets?: () => Promise<ConsoleAssets> } = {}): CataloguedRouter {
  const api = routeGroup('', { name: 'Console', description: 'The web console for marketers, service staff, IT and managers, served on this origin.' })
  const assets = options.assets ?? consoleAssetCache()

  const sendAsset = async (res: Response, name: keyof ConsoleAssets, ifNoneMatch: string | undefined) => {
    let file: ConsoleAsset
    try {
      file = (await assets())[name]
    } catch (err) {
      throw new HubError('internal', `the web console could not be built: ${err instanceof Error ? err.message : String(err)}`)
    }
    res.set({ 'Content-Type': file.contentType, ETag: file.etag, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' })
    if (ifNoneMatch === file.etag) return void res.status(304).end()
    res.send(file.body)
  }

  api.get('/', { summary: 'Redirects to the web console', access: 'public', answers: [{ status: 302, description: 'to /console' }] }, (_req, res) => {
    res.redirect(302, '/console')
  })
  api.get(
    '/console',
    { summary: 'The web console', description: 'Sign in with an API key; pages follow the key\'s role (marketer, service, IT, manager).', access: 'public', answers: [{ description: 'an HTML page', mediaType: 'text/html' }] },
    (_req, res) => {
      res.set({ 'Content-Security-Policy': CONSOLE_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache' }).type('html').send(CONSOLE_HTML)
    },
  )
  api.get('/console/app.js', { summary: "The web console's script", access: 'public', answers: [{ description: 'JavaScript', mediaType: 'text/javascript' }] }, async (req, res) => {
    await sendAsset(res, 'app.js', req.get('if-none-match'))
  })
  api.get('/console/console.css', { summary: "The web console's style sheet", access: 'public', answers: [{ description: 'CSS', mediaType: 'text/css' }] }, async (req, res) => {
    await sendAsset(res, 'console.css', req.get('if-none-match'))
  })
  return api.router
}
