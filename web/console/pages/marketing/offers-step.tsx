import { api, can, type Page } from '../../api'
import { useSession } from '../../session'
import { href } from '../../router'
import { useAsync, useDebounced } from '../../ui/async'
import { Button, Card, Empty, ErrorBox, Field, issueFor } from '../../ui/components'
import { Input } from './input'
import { fmtNumber } from '../../ui/format'
import { expectedDemand, type OfferRow } from './campaign-form'
import type { AssociationRule, Ladder } from './types'

interface Suggestion {
  sku: string
  why: string
}

/** Cross-sell (mined rules whose antecedent holds an offered SKU) and up-sell (the rung above on a ladder) for the SKUs offered. */
function useSuggestions(skus: string[]) {
  const key = useDebounced(skus.join('\n'), 500)
  return useAsync(async (): Promise<Suggestion[]> => {
    const offered = key.split('\n').filter(Boolean)
    if (offered.length === 0) return []
    const [rules, ladders] = await Promise.all([
      Promise.all(offered.slice(0, 5).map((sku) => api.get<Page<AssociationRule>>('/v1/association-rules', { sku, limit: 10 }))),
      api.get<Page<Ladder>>('/v1/product-ladders', { limit: 500 }),
    ])
    const out = new Map<string, string>()
    for (const l of ladders.data)
      for (const sku of offered) {
        const i = l.rungs.indexOf(sku)
        if (i >= 0 && i + 1 < l.rungs.length) out.set(l.rungs[i + 1], `up-sell: the rung above ${sku} on ladder ${l.name}`)
      }
    for (const page of rules)
      for (const r of page.data)
        if (r.antecedent.some((a) => offered.includes(a)) && !out.has(r.consequent))
          out.set(r.consequent, `bought with ${r.antecedent.join(' + ')} (confidence ${fmtNumber(r.confidence * 100)} %, lift ${fmtNumber(r.lift)})`)
    return [...out].filter(([sku]) => !offered.includes(sku)).slice(0, 8).map(([sku, why]) => ({ sku, why }))
  }, [key])
}

/** Step 2: what is offered — SKUs with the expected response rate and quantity per response — and the demand that makes. */
export function OffersStep(props: { offers: OfferRow[]; onOffers: (o: OfferRow[]) => void; mailed: number | null; mailedNote: string; error: unknown; readOnly: boolean }) {
  const session = useSession()
  const rows = props.offers
  const set = (i: number, patch: Partial<OfferRow>) => props.onOffers(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const skus = rows.map((r) => r.sku.trim()).filter(Boolean)
  const suggestions = useSuggestions(can(session, 'offers:read') && !props.readOnly ? skus : [])
  return (
    <div class="grid grid-2">
      <Card title="Offers">
        <p class="muted">
          Each offer is a SKU, the share of mailed customers expected to order it, and how much one order takes. The stock check compares the demand this makes with what can be promised on the promise date.
        </p>
        <fieldset disabled={props.readOnly} style={{ border: '0', padding: '0', margin: '0' }}>
          {rows.map((r, i) => {
            const demand = props.mailed === null ? null : expectedDemand(props.mailed, Number(r.ratePercent) / 100, r.quantity)
            return (
              <fieldset key={i} data-testid="offer-row">
                <legend>Offer {i + 1}</legend>
                <div class="form-row">
                  <Field label="SKU" required issue={issueFor(props.error, `offers[${i}].sku`)}>
                    <Input name={`offers.${i}.sku`} value={r.sku} onValue={(v) => set(i, { sku: v })} />
                  </Field>
                  <Field label="Expected response rate (%)" issue={issueFor(props.error, `offers[${i}].responseRate`)}>
                    <Input name={`offers.${i}.rate`} type="number" min="0" max="100" step="any" value={r.ratePercent} onValue={(v) => set(i, { ratePercent: v })} />
                  </Field>
                  <Field label="Quantity per response" issue={issueFor(props.error, `offers[${i}].quantityPerResponse`)}>
                    <Input name={`offers.${i}.quantity`} inputMode="decimal" value={r.quantity} onValue={(v) => set(i, { quantity: v })} />
                  </Field>
                </div>
                <div class="toolbar" style={{ marginBottom: '4px' }}>
                  <span class="muted">
                    Expected demand: <strong>{demand === null ? '—' : fmtNumber(demand)}</strong> ({props.mailedNote})
                  </span>
                  {r.sku.trim() && <a href={href('/availability', { sku: r.sku.trim() })}>Availability of {r.sku.trim()}</a>}
                  {!props.readOnly && rows.length > 1 && (
                    <button type="button" class="link" onClick={() => props.onOffers(rows.filter((_, j) => j !== i))}>
                      Remove offer {i + 1}
                    </button>
                  )}
                </div>
              </fieldset>
            )
          })}
        </fieldset>
        {issueFor(props.error, 'offers') && !rows.some((_, i) => issueFor(props.error, `offers[${i}]`)) && <p class="field-issue">{issueFor(props.error, 'offers')}</p>}
        {!props.readOnly && rows.length < 20 && <Button onClick={() => props.onOffers([...rows, { sku: '', ratePercent: '5', quantity: '1' }])}>Add an offer</Button>}
      </Card>
      {!props.readOnly && can(session, 'offers:read') && (
        <Card title="Suggestions">
          <p class="muted">From the association rules mined from orders (bought together) and the up-sell ladders.</p>
          <ErrorBox error={suggestions.error} />
          {skus.length === 0 ? (
            <Empty>Enter a SKU to see what sells with it.</Empty>
          ) : suggestions.data === undefined ? (
            <p class="loading">Looking…</p>
          ) : suggestions.data.length === 0 ? (
            <Empty>No rule or ladder suggests anything with {skus.join(', ')}. Rules come from mining orders (Association rules, mined daily).</Empty>
          ) : (
            <ul>
              {suggestions.data.map((s) => (
                <li key={s.sku} style={{ marginBottom: '6px' }}>
                  <strong>{s.sku}</strong> <span class="muted">{s.why}</span>{' '}
                  <button type="button" class="link" onClick={() => props.onOffers([...rows.filter((r) => r.sku.trim()), { sku: s.sku, ratePercent: '5', quantity: '1' }])}>
                    add {s.sku}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
    </div>
  )
}
