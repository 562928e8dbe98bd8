import { api } from '../../api'
import { useAsync, useDebounced } from '../../ui/async'
import { ErrorBox } from '../../ui/components'
import { fmtNumber } from '../../ui/format'
import { stable } from './campaign-form'
import type { FunnelStage, Selection } from './types'

export interface FunnelPreview {
  stages: FunnelStage[]
  selected: number
}

export interface LiveFunnel {
  preview: FunnelPreview | undefined
  /** `ready`: the counts shown are those of the selection as it stands now. */
  state: 'ready' | 'updating' | 'error'
  error: unknown
}

/**
 * The funnel's counts for the selection being edited: asked for once the form has been still for a
 * moment (POST /v1/campaigns/funnel stores nothing); the last counts stay on screen meanwhile.
 */
export function useLiveFunnel(body: { selection: Selection; maxTargets?: number; mailDate?: string } | null): LiveFunnel {
  const key = body ? stable(body) : ''
  const settled = useDebounced(key, 350)
  const result = useAsync(async () => ({ key: settled, answer: settled ? await api.post<FunnelPreview>('/v1/campaigns/funnel', JSON.parse(settled)) : undefined }), [settled])
  const current = result.data?.key === key && settled === key
  const failed = !!result.error && settled === key && !result.loading
  return {
    preview: result.data?.answer,
    state: failed ? 'error' : current && !result.loading ? 'ready' : 'updating',
    error: failed ? result.error : undefined,
  }
}

const STAGE_HELP: Record<string, string> = {
  customers: 'active golden customers',
  eligibility: 'who may be mailed at all (segments, country, address)',
  behaviour: 'what they did (orders)',
  exclusions: 'excluded segments and contact pressure',
  'ranking and cut': 'best first, cut to the cap',
  'control group': 'held out at random, not mailed',
}

/** Each stage with what came in, what it let out and what it kept, as numbers and a bar. */
export function FunnelTable(props: { stages: FunnelStage[]; state?: LiveFunnel['state']; testId?: string }) {
  const top = Math.max(1, props.stages[0]?.in ?? 1)
  return (
    <div class="table-wrap" data-testid={props.testId ?? 'funnel'} data-state={props.state ?? 'ready'} aria-busy={props.state === 'updating' ? 'true' : undefined}>
      <table class="table">
        <thead>
          <tr>
            <th>Stage</th>
            <th style={{ textAlign: 'right' }}>In</th>
            <th style={{ textAlign: 'right' }}>Out</th>
            <th style={{ textAlign: 'right' }}>Kept</th>
            <th style={{ width: '30%' }} aria-hidden="true" />
          </tr>
        </thead>
        <tbody>
          {props.stages.map((s) => (
            <tr key={s.stage} data-stage={s.stage}>
              <td>
                <strong>{s.stage}</strong>
                <div class="muted">{s.note ?? STAGE_HELP[s.stage] ?? ''}</div>
              </td>
              <td style={{ textAlign: 'right' }} data-col="in">
                {fmtNumber(s.in)}
              </td>
              <td style={{ textAlign: 'right' }} data-col="out">
                {s.out > 0 ? `−${fmtNumber(s.out)}` : '0'}
              </td>
              <td style={{ textAlign: 'right' }} data-col="kept">
                <strong>{fmtNumber(s.kept)}</strong>
              </td>
              <td aria-hidden="true">
                <div style={{ background: '#eef0f3', borderRadius: '3px', height: '10px', marginTop: '5px' }}>
                  <div style={{ background: s.stage === 'control group' ? '#8a5a00' : 'var(--accent)', borderRadius: '3px', height: '10px', width: `${(100 * s.kept) / top}%` }} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The live funnel card body: counts, a word on their freshness, and the hub's objection to the selection. */
export function LiveFunnelView(props: { funnel: LiveFunnel }) {
  const { preview, state, error } = props.funnel
  return (
    <div>
      <p class="muted" role="status">
        {state === 'updating' ? 'Counting…' : state === 'error' ? 'The hub cannot count this selection:' : `${fmtNumber(preview?.selected ?? 0)} customers selected before the control group.`}
      </p>
      <ErrorBox error={error} title="The selection is not valid" />
      {preview ? <FunnelTable stages={preview.stages} state={state} testId="funnel" /> : state !== 'error' && <p class="loading">Counting…</p>}
    </div>
  )
}
