import { useEffect, useMemo, useState } from 'preact/hooks'
import { api, can, type Page } from '../../api'
import { href, navigate } from '../../router'
import { useSession } from '../../session'
import { useAction, useAsync } from '../../ui/async'
import { Badge, Button, Card, ErrorBox, Facts, Field, Loading, PageHeader, Tabs, issueFor } from '../../ui/components'
import { Input } from './input'
import { fmtDateTime, fmtDay } from '../../ui/format'
import type { RouteContext } from '../area'
import { AudienceStep } from './audience-step'
import { changesOf, createBodyOf, formOf, type CampaignForm } from './campaign-form'
import { ControlStep } from './control-step'
import { FunnelTable, LiveFunnelView, useLiveFunnel } from './funnel'
import { LaunchStep } from './launch-step'
import { OffersStep } from './offers-step'
import { ResultsStep } from './results-step'
import { controlSize, selectionOf } from './rules'
import { StockCheckStep } from './stock-check-step'
import type { Campaign, Segment } from './types'

const STEPS = [
  { id: 'audience', label: '1 Audience' },
  { id: 'offers', label: '2 Offers' },
  { id: 'control', label: '3 Control group' },
  { id: 'stock', label: '4 Stock check' },
  { id: 'launch', label: '5 Launch' },
  { id: 'results', label: '6 Results' },
] as const
type Step = (typeof STEPS)[number]['id']

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s)

/** The campaign's name, dates and response window. */
function Basics(props: { form: CampaignForm; set: (patch: Partial<CampaignForm>) => void; error: unknown; readOnly: boolean }) {
  const f = props.form
  if (props.readOnly)
    return (
      <Card title="Campaign">
        <Facts
          items={[
            ['Mail date', fmtDay(f.mailDate)],
            ['Promise date', fmtDay(f.promiseDate)],
            ['Response window', `${f.responseWindowDays} days`],
            ['Description', f.description || '—'],
          ]}
        />
      </Card>
    )
  return (
    <Card title="Campaign">
      <fieldset disabled={props.readOnly} style={{ border: '0', padding: '0', margin: '0' }}>
        <div class="form-row">
          <Field label="Name" required issue={issueFor(props.error, 'name')} hint="Unique among your campaigns.">
            <Input name="name" value={f.name} onValue={(v) => props.set({ name: v })} placeholder="Winter drills" />
          </Field>
          <Field label="Mail date" required issue={issueFor(props.error, 'mailDate')} hint="The day the mail goes out.">
            <Input name="mailDate" type="date" value={f.mailDate} onValue={(v) => props.set({ mailDate: v })} />
          </Field>
          <Field label="Promise date" required issue={issueFor(props.error, 'promiseDate')} hint="Orders are promised from this day on.">
            <Input name="promiseDate" type="date" value={f.promiseDate} onValue={(v) => props.set({ promiseDate: v })} />
          </Field>
          <Field label="Response window (days)" issue={issueFor(props.error, 'responseWindowDays')} hint="Orders this long after the mail date count.">
            <Input name="responseWindowDays" type="number" min="1" max="365" value={f.responseWindowDays} onValue={(v) => props.set({ responseWindowDays: v })} />
          </Field>
        </div>
        <Field label="Description" issue={issueFor(props.error, 'description')}>
          <Input name="description" value={f.description} onValue={(v) => props.set({ description: v })} />
        </Field>
      </fieldset>
    </Card>
  )
}

/**
 * The campaign builder: one page for a new campaign and a saved one, in steps. Steps 1–3 edit the
 * draft (saved with one PATCH of what changed); 4–6 act on the saved campaign.
 */
function Builder(props: { saved?: Campaign; query: URLSearchParams; onSaved: (c: Campaign) => void; reload: () => void }) {
  const session = useSession()
  const saved = props.saved
  const canWrite = can(session, 'campaigns:write')
  const draft = !saved || saved.status === 'draft'
  const readOnly = !draft || !canWrite
  const [form, setForm] = useState<CampaignForm>(() => formOf(saved))
  const savedKey = saved ? `${saved.id}:${saved.updatedAt}:${saved.status}` : 'new'
  useEffect(() => setForm(formOf(saved)), [savedKey])
  const set = (patch: Partial<CampaignForm>) => setForm((f) => ({ ...f, ...patch }))

  const step: Step = (STEPS.find((s) => s.id === props.query.get('step'))?.id ?? 'audience') as Step
  const path = saved ? `/campaigns/${saved.id}` : '/campaigns/new'
  const setQuery = (patch: Record<string, string | null>) => {
    const q: Record<string, string> = Object.fromEntries(props.query.entries())
    for (const [k, v] of Object.entries(patch)) if (v === null) delete q[k]
    else q[k] = v
    navigate(href(path, q))
  }

  const segments = useAsync(() => (can(session, 'segments:read') ? api.get<Page<Segment>>('/v1/segments', { limit: 500 }).then((p) => p.data) : Promise.resolve([])), [])
  const { selection } = useMemo(() => selectionOf(form.audience), [form.audience])
  const cap = Number(form.maxTargets)
  const funnel = useLiveFunnel(
    draft
      ? {
          selection,
          ...(form.maxTargets.trim() !== '' ? { maxTargets: Number.isInteger(cap) ? cap : (form.maxTargets as unknown as number) } : {}),
          ...(isDay(form.mailDate) ? { mailDate: form.mailDate } : {}),
        }
      : null,
  )

  const changes = saved ? changesOf(form, saved) : null
  const dirty = !saved || Object.keys(changes!).length > 0
  const save = useAction(async () => {
    if (!saved) {
      const created = await api.post<Campaign>('/v1/campaigns', createBodyOf(form))
      navigate(href(`/campaigns/${created.id}`, { step }))
      return
    }
    props.onSaved(await api.patch<Campaign>(`/v1/campaigns/${saved.id}`, changes))
  })
  const select = useAction(async () => {
    await api.post(`/v1/campaigns/${saved!.id}/select`, {})
    props.reload()
  })

  const share = Number(form.controlPercent) / 100
  const selected = funnel.state === 'ready' && funnel.preview ? funnel.preview.selected : null
  const mailedLive = selected !== null && Number.isFinite(share) ? selected - controlSize(selected, share) : null
  const useSaved = saved && (!dirty || !draft)
  const mailed = useSaved ? saved.targets.treated : mailedLive
  const mailedNote = useSaved ? `for the ${saved.targets.treated} mailed customers of the saved selection` : 'estimated from the live funnel'

  const funnelPanel = draft ? (
    <Card title="Funnel (live)" testId="funnel-card">
      <LiveFunnelView funnel={funnel} />
    </Card>
  ) : (
    <Card title="Funnel at the launch">
      {saved?.funnel ? (
        <>
          <p class="muted">As selected at {fmtDateTime(saved.funnel.at)}.</p>
          <FunnelTable stages={saved.funnel.stages} testId="saved-funnel" />
        </>
      ) : (
        <p class="empty">No selection was stored.</p>
      )}
    </Card>
  )

  return (
    <div>
      <PageHeader
        back={{ href: '#/campaigns', label: 'Campaigns' }}
        title={saved ? saved.name : 'New campaign'}
        subtitle={
          saved ? (
            <>
              <Badge value={saved.status} /> {saved.targets.treated} mailed, {saved.targets.control} in the control group · created {fmtDateTime(saved.createdAt)}
              {saved.launchedAt ? ` · launched ${fmtDateTime(saved.launchedAt)}` : ''}
            </>
          ) : (
            'Build the audience, the offers and the control group, save the draft, then check the stock and launch.'
          )
        }
        actions={
          draft &&
          canWrite && (
            <>
              <span class="muted" role="status">
                {saved ? (dirty ? 'Unsaved changes' : 'All changes saved') : 'Not saved yet'}
              </span>
              {saved && (
                <Button busy={select.busy} disabled={dirty} title="Select again from the customers as they are now" onClick={() => select.run()}>
                  Run the selection again
                </Button>
              )}
              <Button kind="primary" busy={save.busy} disabled={!!saved && !dirty} onClick={() => save.run()}>
                Save draft
              </Button>
            </>
          )
        }
      />
      <ErrorBox error={save.error} title="The draft was not saved" />
      <ErrorBox error={select.error} />
      <Basics form={form} set={set} error={save.error} readOnly={readOnly} />
      <Tabs tabs={STEPS.map((s) => ({ id: s.id, label: s.label }))} active={step} onChange={(id) => setQuery({ step: id })} />
      {step === 'audience' && (
        <AudienceStep
          audience={form.audience}
          onAudience={(audience) => set({ audience })}
          maxTargets={form.maxTargets}
          onMaxTargets={(maxTargets) => set({ maxTargets })}
          segments={segments.data}
          funnelPanel={funnelPanel}
          errors={[save.error, funnel.error]}
          readOnly={readOnly}
        />
      )}
      {step === 'offers' && <OffersStep offers={form.offers} onOffers={(offers) => set({ offers })} mailed={mailed} mailedNote={mailedNote} error={save.error} readOnly={readOnly} />}
      {step === 'control' && <ControlStep percent={form.controlPercent} onPercent={(controlPercent) => set({ controlPercent })} selected={draft ? selected : saved!.targets.treated + saved!.targets.control} saved={saved} dirty={dirty} error={save.error} readOnly={readOnly} />}
      {(step === 'stock' || step === 'launch' || step === 'results') && !saved && (
        <Card>
          <p class="empty">Save the draft first: the stock check, the launch and the results work on the saved campaign.</p>
        </Card>
      )}
      {step === 'stock' && saved && <StockCheckStep campaign={saved} dirty={dirty} canWrite={canWrite} sku={props.query.get('sku')} onSku={(sku) => setQuery({ sku })} onChanged={(c) => (c ? props.onSaved(c) : props.reload())} />}
      {step === 'launch' && saved && <LaunchStep campaign={saved} dirty={dirty} canWrite={canWrite} onLaunched={props.onSaved} onResults={() => setQuery({ step: 'results' })} />}
      {step === 'results' && saved && <ResultsStep campaign={saved} />}
    </div>
  )
}

export function NewCampaignPage(props: { ctx: RouteContext }) {
  return <Builder query={props.ctx.query} onSaved={() => undefined} reload={() => undefined} />
}

export function CampaignPage(props: { ctx: RouteContext }) {
  const id = props.ctx.params.id
  const campaign = useAsync(() => api.get<Campaign>(`/v1/campaigns/${encodeURIComponent(id)}`), [id])
  if (!campaign.data) {
    return (
      <div>
        <PageHeader back={{ href: '#/campaigns', label: 'Campaigns' }} title="Campaign" />
        {campaign.error ? <ErrorBox error={campaign.error} title="This campaign could not be read" /> : <Loading />}
      </div>
    )
  }
  return <Builder key={id} saved={campaign.data} query={props.ctx.query} onSaved={campaign.setData} reload={campaign.reload} />
}
