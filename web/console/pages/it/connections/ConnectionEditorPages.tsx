import { api } from '../../../api'
import { navigate } from '../../../router'
import { ErrorBox, Loading, PageHeader } from '../../../ui/components'
import { useAsync } from '../../../ui/async'
import { links, loadOpenApi } from '../shared'
import type { Connection } from '../types'
import { ConnectionForm, bodyOfView, connectorKinds, newConnectionBody } from './ConnectionForm'

/** `#/connections/new?kind=rest`: a new connection, its settings form made from the connector's schema. */
export function ConnectionNewPage(props: { query: URLSearchParams }) {
  const doc = useAsync(loadOpenApi, [])
  const header = <PageHeader title="New connection" back={{ href: links.connections(), label: 'Connections' }} subtitle="Name the ERP, pick its connector and fill in how to reach it. Check it and sync it from its page once it is created." />
  if (!doc.data)
    return (
      <>
        {header}
        {doc.error ? <ErrorBox error={doc.error} title="The settings form could not be loaded" /> : <Loading label="Loading the connector schemas…" />}
      </>
    )
  const kinds = connectorKinds(doc.data)
  const wanted = props.query.get('kind')
  const kind = wanted && kinds.includes(wanted) ? wanted : kinds.includes('rest') ? 'rest' : kinds[0]
  return (
    <>
      {header}
      <ConnectionForm doc={doc.data} initial={newConnectionBody(doc.data, kind)} onSaved={(c) => navigate(`/connections/${c.id}?created=1`)} onCancel={() => navigate('/connections')} />
    </>
  )
}

/** `#/connections/:id/edit`: the same form, filled with the connection as the hub shows it (secrets masked). */
export function ConnectionEditPage(props: { id: string }) {
  const data = useAsync(() => Promise.all([loadOpenApi(), api.get<Connection>(`/v1/connections/${props.id}`)]), [props.id])
  const name = data.data?.[1].name
  return (
    <>
      <PageHeader title={name ? `Change ${name}` : 'Change connection'} back={{ href: links.connection(props.id), label: name ?? 'Connection' }} subtitle="Secrets are never shown: leave a secret field empty to keep the stored one." />
      <ErrorBox error={data.error} />
      {!data.data && !data.error && <Loading />}
      {data.data && (
        <ConnectionForm doc={data.data[0]} initial={bodyOfView(data.data[1])} connectionId={props.id} onSaved={(c) => navigate(`/connections/${c.id}?saved=1`)} onCancel={() => navigate(`/connections/${props.id}`)} />
      )}
    </>
  )
}
