import { describeSimulator } from '../../src/simulator'
import { startTestSimulator } from './simulator.test-kit'

test('describeSimulator names the URL, every entity count and the line count, but not the token', async () => {
  const sim = await startTestSimulator({ lines: 12_345, seed: 7, auth: { type: 'bearer', token: 'very-secret-token' } })
  try {
    sim.churn(5)
    const text = describeSimulator(sim)
    expect(text).toContain(sim.url)
    expect(text).toContain('seed 7')
    expect(text).toContain('auth: bearer')
    expect(text).toContain('churn: 5/s')
    expect(text).toContain('12,345 order lines')
    for (const [entity, count] of Object.entries(sim.counts())) expect(text).toMatch(new RegExp(`${entity}\\s+${count.toLocaleString('en-US')}\\s`))
    expect(text).not.toContain('very-secret-token')
    // The fault, late-commit, rate and webhook controls are listed with their settings.
    expect(text).toContain('/admin/faults {errorRate, rateLimitRate, retryAfterSeconds, timeoutRate, timeoutMs, seed}')
    expect(text).toContain('/admin/commit-late {entity, count, lagMs}')
    expect(text).toContain('/admin/max-requests-in-window?windowMs=')
    expect(text).toContain('/admin/webhooks {url, secret, scheme: hmac|timestamped')
    expect(text).not.toContain('webhooks →')
  } finally {
    await sim.close()
  }
})
