import nock from 'nock'
import { MalformedResponse } from '../../src/connector-sdk'
import { nextLinkFromHeader } from './rest.link-header'
import { BASE_URL, connectRest, customers, ids, readAll, rejection } from './rest.test-kit'

const PATH = '/api/v1/customers'

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  // Unhooks node:http, which outlives this file in the worker (jest warns otherwise).
  nock.restore()
})

describe('rest paging walks to the end exactly once', () => {
  it('page: stops after a page shorter than pageSize', async () => {
    const all = customers(5)
    const scope = nock(BASE_URL)
      .get(PATH).query({ page: '1', per_page: '2' }).reply(200, { data: all.slice(0, 2) })
      .get(PATH).query({ page: '2', per_page: '2' }).reply(200, { data: all.slice(2, 4) })
      .get(PATH).query({ page: '3', per_page: '2' }).reply(200, { data: all.slice(4) })
    const { session, exchanges } = await connectRest({ entities: { customer: { path: PATH, pageSize: 2, paging: { type: 'page' } } } })
    const pages = await readAll(session, 'customer')
    expect(ids(pages)).toEqual(all.map((c) => c.id))
    expect(exchanges).toHaveLength(3)
    expect(scope.isDone()).toBe(true)
  })

  it('page: reads one empty page after an exact multiple of pageSize, honouring custom params and firstPage', async () => {
    const all = customers(4)
    const scope = nock(BASE_URL)
      .get(PATH).query({ p: '0', size: '2' }).reply(200, { data: all.slice(0, 2) })
      .get(PATH).query({ p: '1', size: '2' }).reply(200, { data: all.slice(2) })
      .get(PATH).query({ p: '2', size: '2' }).reply(200, { data: [] })
    const { session, exchanges } = await connectRest({
      entities: { customer: { path: PATH, pageSize: 2, paging: { type: 'page', pageParam: 'p', sizeParam: 'size', firstPage: 0 } } },
    })
    const pages = await readAll(session, 'customer')
    expect(ids(pages)).toEqual(all.map((c) => c.id))
    expect(pages.at(-1)?.records).toEqual([])
    expect(exchanges).toHaveLength(3)
    expect(scope.isDone()).toBe(true)
  })

  it('offset: advances by the records read and stops on a short page', async () => {
    const all = customers(5)
    const scope = nock(BASE_URL)
      .get(PATH).query({ offset: '0', limit: '3', status: 'active' }).reply(200, { data: all.slice(0, 3) })
      .get(PATH).query({ offset: '3', limit: '3', status: 'active' }).reply(200, { data: all.slice(3) })
    const { session, exchanges } = await connectRest({
      entities: { customer: { path: PATH, pageSize: 3, query: { status: 'active' }, paging: { type: 'offset' } } },
    })
    expect(ids(await readAll(session, 'customer'))).toEqual(all.map((c) => c.id))
    expect(exchanges).toHaveLength(2)
    expect(scope.isDone()).toBe(true)
  })

  it('cursor: follows next_cursor until it is missing', async () => {
    const all = customers(5)
    const scope = nock(BASE_URL)
      .get(PATH).query({ limit: '2' }).reply(200, { data: all.slice(0, 2), next_cursor: 'c2' })
      .get(PATH).query({ limit: '2', cursor: 'c2' }).reply(200, { data: all.slice(2, 4), next_cursor: 'c3' })
      .get(PATH).query({ limit: '2', cursor: 'c3' }).reply(200, { data: all.slice(4) })
    const { session, exchanges } = await connectRest({ entities: { customer: { path: PATH, pageSize: 2 } } })
    expect(ids(await readAll(session, 'customer'))).toEqual(all.map((c) => c.id))
    expect(exchanges).toHaveLength(3)
    expect(scope.isDone()).toBe(true)
  })

  it('cursor: a configured nextCursorPath, a nested recordsPath, and an empty string ending the walk', async () => {
    const all = customers(3)
    const scope = nock(BASE_URL)
      .get(PATH).query({ size: '2' }).reply(200, { result: { rows: all.slice(0, 2) }, meta: { after: 17 } })
      .get(PATH).query({ size: '2', after: '17' }).reply(200, { result: { rows: all.slice(2) }, meta: { after: '' } })
    const { session } = await connectRest({
      entities: {
        customer: {
          path: PATH,
          pageSize: 2,
          recordsPath: 'result.rows',
          paging: { type: 'cursor', cursorParam: 'after', sizeParam: 'size', nextCursorPath: 'meta.after' },
        },
      },
    })
    expect(ids(await readAll(session, 'customer'))).toEqual(all.map((c) => c.id))
    expect(scope.isDone()).toBe(true)
  })

  it('next-link in the body: follows relative and absolute links as given, without adding params', async () => {
    const all = customers(5)
    const scope = nock(BASE_URL)
      .get(PATH).query({ per_page: '2', region: 'eu' }).reply(200, { data: all.slice(0, 2), links: { next: '?page=2&per_page=2' } })
      .get(PATH).query({ page: '2', per_page: '2' }).reply(200, { data: all.slice(2, 4), links: { next: `${BASE_URL}${PATH}?page=3&per_page=2` } })
      .get(PATH).query({ page: '3', per_page: '2' }).reply(200, { data: all.slice(4), links: { next: null } })
    const { session, exchanges } = await connectRest({
      entities: { customer: { path: PATH, pageSize: 2, query: { region: 'eu' }, paging: { type: 'next-link', sizeParam: 'per_page', nextLinkPath: 'links.next' } } },
    })
    expect(ids(await readAll(session, 'customer'))).toEqual(all.map((c) => c.id))
    expect(exchanges).toHaveLength(3)
    expect(scope.isDone()).toBe(true)
  })

  it('none: makes one request even when the page is full', async () => {
    const all = customers(3)
    const scope = nock(BASE_URL).get(PATH).reply(200, all)
    const { session, exchanges } = await connectRest({ entities: { customer: { path: PATH, pageSize: 3, recordsPath: '', paging: { type: 'none' } } } })
    const pages = await readAll(session, 'customer')
    expect(ids(pages)).toEqual(all.map((c) => c.id))
    expect(pages).toHaveLength(1)
    expect(exchanges).toHaveLength(1)
    expect(scope.isDone()).toBe(true)
  })
})

describe('rest paging refuses to loop or leak', () => {
  it('cursor: a next cursor equal to the current one is a MalformedResponse', async () => {
    nock(BASE_URL)
      .get(PATH).query({ limit: '2' }).reply(200, { data: customers(2), next_cursor: 'same' })
      .get(PATH).query({ limit: '2', cursor: 'same' }).reply(200, { data: customers(2, 3), next_cursor: 'same' })
    const { session, exchanges } = await connectRest({ entities: { customer: { path: PATH, pageSize: 2 } } })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(exchanges).toHaveLength(2)
  })

  it('next-link: a link back to the current page is a MalformedResponse', async () => {
    const loop = `${BASE_URL}${PATH}?page=2`
    nock(BASE_URL)
      .get(PATH).reply(200, { data: customers(1), next: loop })
      .get(PATH).query({ page: '2' }).reply(200, { data: customers(1, 2), next: loop })
    const { session } = await connectRest({ entities: { customer: { path: PATH, paging: { type: 'next-link', nextLinkPath: 'next' } } } })
    expect(await rejection(readAll(session, 'customer'))).toBeInstanceOf(MalformedResponse)
  })

  it('page: a server that ignores the page param (same page again) is a MalformedResponse', async () => {
    const same = customers(2)
    nock(BASE_URL)
      .get(PATH).query({ page: '1', per_page: '2' }).reply(200, { data: same })
      .get(PATH).query({ page: '2', per_page: '2' }).reply(200, { data: same })
    const { session } = await connectRest({ entities: { customer: { path: PATH, pageSize: 2, paging: { type: 'page' } } } })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(err.message).toMatch(/same page twice/)
  })

  it('next-link: a link to another host is refused before any request is sent there', async () => {
    nock(BASE_URL).get(PATH).reply(200, { data: customers(1) }, { Link: '<https://evil.example/steal?page=2>; rel="next"' })
    const evil = nock('https://evil.example').get('/steal').query(true).reply(200, { data: [] })
    const { session } = await connectRest({ auth: { type: 'bearer', token: 'tok-abc' }, entities: { customer: { path: PATH, paging: { type: 'next-link' } } } })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(evil.isDone()).toBe(false)
  })

  it('cursor: a next cursor that is an object is a MalformedResponse naming its path', async () => {
    nock(BASE_URL).get(PATH).query({ limit: '100' }).reply(200, { data: customers(1), next_cursor: { id: 2 } })
    const { session } = await connectRest({ entities: { customer: { path: PATH } } })
    const err = await rejection(readAll(session, 'customer'))
    expect(err).toBeInstanceOf(MalformedResponse)
    expect(err.message).toContain('next_cursor')
  })
})

describe('nextLinkFromHeader', () => {
  it.each([
    ['<https://h/x?page_info=a,b;c&limit=2>; rel="next"', 'https://h/x?page_info=a,b;c&limit=2'],
    ['<https://h/p1>; rel="previous", <https://h/p3>; rel="next"', 'https://h/p3'],
    ['<https://h/p3>; rel=next', 'https://h/p3'],
    ['<https://h/p3>; title="a, <b>; rel=prev"; rel="next last"', 'https://h/p3'],
    ['<https://h/p1>; rel="previous"', undefined],
    ['<https://h/p1>; REL="Next"', 'https://h/p1'],
    ['', undefined],
  ])('reads %j as %j', (header, expected) => {
    expect(nextLinkFromHeader(header)).toBe(expected)
  })
})
