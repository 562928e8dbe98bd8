import { normaliseEmail } from '../../../src/identity/normalise'

describe('email normalisation', () => {
  test.each([
    ['  Max.Mustermann@Example.DE ', 'max.mustermann@example.de'],
    ['Max Mustermann <MAX@x.de>', 'max@x.de'],
    ['mailto:max@x.de', 'max@x.de'],
    ['ｍａｘ＠ｘ．ｄｅ', 'max@x.de'], // full-width, NFKC
    ['max@x.de.', 'max@x.de'],
    ['max+news@x.de', 'max+news@x.de'], // tags kept outside gmail
    ['first.last@outlook.com', 'first.last@outlook.com'], // dots kept outside gmail
  ])('%j → %s (valid)', (raw, value) => {
    const r = normaliseEmail(raw)
    expect(r.value).toBe(value)
    expect(r.valid).toBe(true)
  })

  test('gmail and googlemail fold dots and +tags into one mailbox', () => {
    const forms = ['John.Doe@gmail.com', 'johndoe+shop@gmail.com', 'j.o.h.n.d.o.e@googlemail.com', 'JohnDoe+x@GoogleMail.com']
    for (const f of forms) expect(normaliseEmail(f)).toEqual({ value: 'johndoe@gmail.com', local: 'johndoe', domain: 'gmail.com', valid: true, role: false })
  })

  test.each(['a@b', 'a b@c.de', 'x@@y.de', 'x@y@z.de', 'no-at-sign.de', '@x.de', 'x@.de', 'x@de.', 'x@y..de', 'x@y.d', 'x@-y.de'])('%j is invalid', (raw) => {
    expect(normaliseEmail(raw).valid).toBe(false)
  })

  test('missing and empty give an empty invalid value', () => {
    expect(normaliseEmail(undefined)).toEqual({ value: '', local: '', domain: '', valid: false, role: false })
    expect(normaliseEmail('   ')).toEqual({ value: '', local: '', domain: '', valid: false, role: false })
  })

  test.each([
    'info@firma.de', 'INFO@firma.de', 'sales@acme.com', 'office@x.at', 'kontakt@x.de', 'contact@x.fr', 'admin@x.de',
    'service@x.de', 'buchhaltung@x.de', 'einkauf@x.de', 'order@x.de', 'orders@x.de', 'mail@x.de', 'post@x.no',
    'hello@x.io', 'support@x.com', 'accounts@x.co.uk', 'billing@x.com', 'sales.de@acme.com', 'info-berlin@x.de', 'info+web@x.de',
  ])('%s is a role mailbox', (raw) => {
    expect(normaliseEmail(raw).role).toBe(true)
  })

  test.each(['max.mustermann@x.de', 'information.officer@x.de', 'infos@x.de', 'hans.service@x.de', 'salesman@x.com'])('%s is a person', (raw) => {
    expect(normaliseEmail(raw).role).toBe(false)
  })
})
