import { useEffect, useState } from 'preact/hooks'
import { ApiError, api, can, currentKey, onSignedOut, setKey, type Session } from './api'
import type { ConsoleArea, ConsoleRoute } from './pages/area'
import { itArea } from './pages/it'
import { managementArea } from './pages/management'
import { marketingArea } from './pages/marketing'
import { serviceArea } from './pages/service'
import { currentLocation, matchPath, navigate, useLocation } from './router'
import { SessionContext } from './session'
import { Button, ErrorBox, Field, Loading } from './ui/components'

const AREAS: ConsoleArea[] = [marketingArea, serviceArea, itArea, managementArea]

function SignIn(props: { onSession: (session: Session) => void; reason?: string }) {
  const [key, setKeyText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const submit = async (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      const session = await api.withKey<Session>(key.trim(), '/v1/me')
      setKey(key.trim())
      props.onSession(session)
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? new Error('This API key is unknown or revoked. Ask your hub administrator for a key (erphub keys create).') : err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <main class="signin">
      <form class="card signin-card" onSubmit={submit}>
        <h1>erphub</h1>
        <p class="muted">Sign in with your API key. The console shows the pages your key's role may use.</p>
        {props.reason && <p class="notice notice-warn">{props.reason}</p>}
        <Field label="API key" hint="Kept in this browser tab only; closing the tab signs you out.">
          <input name="apiKey" type="password" autocomplete="off" required value={key} onInput={(e) => setKeyText((e.currentTarget as HTMLInputElement).value)} />
        </Field>
        <ErrorBox error={error} title="Sign-in failed" />
        <Button type="submit" kind="primary" busy={busy} disabled={!key.trim()}>
          Sign in
        </Button>
      </form>
    </main>
  )
}

function visibleAreas(session: Session): ConsoleArea[] {
  return AREAS.map((a) => ({ ...a, nav: a.nav.filter((n) => can(session, n.permission)) })).filter((a) => a.nav.length > 0)
}

function Home(props: { session: Session }) {
  const areas = visibleAreas(props.session)
  useEffect(() => {
    // One area: go straight to its first page (unless a page was asked for meanwhile).
    if (areas.length === 1 && currentLocation().path === '/') navigate(areas[0].nav[0].href)
  }, [])
  return (
    <div class="home">
      <h1>Welcome</h1>
      <p class="muted">
        Signed in as <strong>{props.session.keyName}</strong> ({props.session.role}) for {props.session.tenant.name}.
      </p>
      <div class="home-areas">
        {areas.map((a) => (
          <section class="card" key={a.id}>
            <h2>{a.label}</h2>
            <ul>
              {a.nav.map((n) => (
                <li key={n.href}>
                  <a href={n.href} onClick={n.href.startsWith('/admin/') ? openAdminPage(n.href) : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))}
        {areas.length === 0 && <p>This key's role ({props.session.role}) has no console pages: it is meant for ERP systems calling the hub.</p>}
      </div>
    </div>
  )
}

/**
 * A link to the queue dashboard (/admin/…, a page of its own that cannot read this tab's key): the
 * key is first handed to POST /admin/session, whose cookie the dashboard reads, so the operator is
 * not asked for it again. A key the dashboard refuses gets the dashboard's own explanation.
 */
function openAdminPage(target: string) {
  return (e: MouseEvent) => {
    const key = currentKey()
    if (!key || e.ctrlKey || e.metaKey || e.shiftKey) return
    e.preventDefault()
    fetch('/admin/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key }) })
      .catch(() => undefined)
      .finally(() => location.assign(target))
  }
}

function findRoute(path: string): { route: ConsoleRoute; params: Record<string, string> } | null {
  for (const area of AREAS)
    for (const route of area.routes) {
      const params = matchPath(route.pattern, path)
      if (params) return { route, params }
    }
  return null
}

function Shell(props: { session: Session; onSignOut: () => void }) {
  const loc = useLocation()
  const areas = visibleAreas(props.session)
  const found = loc.path === '/' ? null : findRoute(loc.path)
  // The one nav link for this page: the longest whose path this page is or is under (#/campaigns/new is
  // "New campaign", not also "Campaigns").
  const activeHref = areas
    .flatMap((a) => a.nav.map((n) => n.href))
    .filter((h) => {
      const p = h.slice(1).split('?')[0]
      return loc.path === p || loc.path.startsWith(`${p}/`)
    })
    .sort((a, b) => b.length - a.length)[0]
  let content
  if (loc.path === '/') content = <Home session={props.session} />
  else if (!found) content = <ErrorBox title="No such page" error={new Error(`There is no console page at ${loc.path}.`)} />
  else if (!can(props.session, found.route.permission)) content = <ErrorBox title="Not allowed" error={new Error(`The ${props.session.role} role may not open this page (it needs ${found.route.permission}).`)} />
  else content = found.route.render({ params: found.params, query: loc.query, session: props.session })
  return (
    <div class="shell">
      <aside class="sidebar">
        <a class="brand" href="#/">
          erphub
        </a>
        <nav>
          {areas.map((a) => (
            <div class="nav-area" key={a.id}>
              <h3>{a.label}</h3>
              {a.nav.map((n) => {
                const active = n.href === activeHref
                return (
                  <a key={n.href} href={n.href} class={active ? 'active' : undefined} aria-current={active ? 'page' : undefined} onClick={n.href.startsWith('/admin/') ? openAdminPage(n.href) : undefined}>
                    {n.label}
                  </a>
                )
              })}
            </div>
          ))}
        </nav>
        <div class="who">
          <span title={props.session.keyId}>{props.session.keyName}</span>
          <span class="muted">
            {props.session.role} · {props.session.tenant.slug}
          </span>
          <button class="link" onClick={props.onSignOut}>
            Sign out
          </button>
        </div>
      </aside>
      <main class="content" key={loc.path}>
        {content}
      </main>
    </div>
  )
}

export function App() {
  const [session, setSession] = useState<Session | null>(null)
  const [checking, setChecking] = useState(!!currentKey())
  const [reason, setReason] = useState<string | undefined>(undefined)

  useEffect(() => {
    // A key kept in this tab from before a reload: check it is still good.
    if (currentKey())
      api
        .get<Session>('/v1/me')
        .then(setSession, () => setKey(null))
        .finally(() => setChecking(false))
    return onSignedOut(() => {
      setKey(null)
      setSession(null)
      setReason('The hub no longer accepts this API key; sign in again.')
    })
  }, [])

  if (checking) return <Loading label="Checking your API key…" />
  if (!session) return <SignIn onSession={(s) => (setReason(undefined), setSession(s))} reason={reason} />
  return (
    <SessionContext.Provider value={session}>
      <Shell
        session={session}
        onSignOut={() => {
          setKey(null)
          setSession(null)
          navigate('/')
        }}
      />
    </SessionContext.Provider>
  )
}
