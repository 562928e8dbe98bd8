import { readFileSync } from 'node:fs'
import { PNG_SIGNATURE, describeWithBrowser, startConsoleRig, type ConsoleRig } from './console.harness'

describeWithBrowser('web console: sign-in and navigation (headless Chromium)', () => {
  let rig: ConsoleRig
  beforeAll(async () => {
    rig = await startConsoleRig()
  }, 60_000)
  afterAll(async () => {
    await rig?.close()
  })

  test('an unknown key is refused with the reason, and nothing else shows', async () => {
    const { page } = rig
    await page.goto('/console')
    await page.getByLabel('API key').fill('erp_not-a-real-key')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').getByText('unknown or revoked').waitFor()
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0)
    const shot = await rig.shot('00-sign-in-refused')
    expect(readFileSync(shot).subarray(0, 8)).toEqual(PNG_SIGNATURE)
  })

  test.each([
    // Marketers and service staff also read the scorecard (and each other's customers or segments).
    ['marketer', ['Marketing', 'Management'], ['IT']],
    ['service', ['Service', 'Management'], ['IT']],
    ['manager', ['Management'], ['IT', 'Marketing', 'Service']],
    ['admin', ['Marketing', 'Service', 'IT', 'Management'], []],
  ] as const)('a %s key sees the areas of its role only', async (role, shown, hidden) => {
    const { page } = rig
    await rig.signIn(role)
    const sidebar = page.locator('aside.sidebar')
    for (const area of shown) await expect(sidebar.getByRole('heading', { name: area, exact: true }).count()).resolves.toBe(1)
    for (const area of hidden) await expect(sidebar.getByRole('heading', { name: area, exact: true }).count()).resolves.toBe(0)
    await expect(sidebar.getByText(`${role} ·`).count()).resolves.toBe(1)
    await rig.shot(`01-home-${role}`)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('API key').waitFor()
  })

  test('a key revoked while the page is open signs the console out with the reason', async () => {
    const { page, th } = rig
    await rig.signIn('service')
    await th.hub.db.prisma.apiKey.updateMany({ where: { tenantId: th.tenantId, role: 'service' }, data: { revokedAt: new Date() } })
    await page.goto('/console#/customers')
    await page.getByText('no longer accepts this API key').waitFor()
    await page.getByLabel('API key').waitFor()
  })

  test("an admin opens the queue dashboard from the console's Queues link without typing the key again", async () => {
    const { page } = rig
    await rig.signIn('admin')
    await page.locator('aside.sidebar').getByRole('link', { name: 'Queues' }).click()
    await page.waitForURL('**/admin/queues**')
    // bull-board's own page, drawn by its own script: it got past the guard with the console's session.
    await page.getByText('erphub queues').first().waitFor()
    expect(await page.getByText('Sign in with an admin API key').count()).toBe(0)
    await rig.shot('02-queue-dashboard')
    // bull-board's page asks Google for fonts; the hub's policy refuses it, and that refusal is the
    // only error the dashboard logs.
    const refusals = rig.pageErrors.splice(0).filter((e) => !/fonts\.googleapis\.com.*Content Security Policy/.test(e))
    expect(refusals).toEqual([])
  })

  test('the page loads nothing from elsewhere and keeps to its Content-Security-Policy', async () => {
    // A tab of its own: nobody signed in, nothing cached.
    const page = await rig.browser.newPage({ baseURL: rig.url })
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    const res = await page.goto('/console')
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'")
    await page.getByLabel('API key').waitFor()
    expect(requests.filter((u) => !u.startsWith(rig.url))).toEqual([])
    await page.close()
    expect(rig.pageErrors).toEqual([])
  })
})
