import { connectorRegistry } from '../../connectors'
import { documentSuite } from './document.suite'
import { remoteSuite } from './remote.suite'
import { documentTargets, remoteTargets } from './targets'

test('every installed connector has a conformance target', () => {
  const covered = [...remoteTargets, ...documentTargets].map((t) => t.kind).sort()
  expect(covered).toEqual([...connectorRegistry.keys()].sort())
})

for (const target of remoteTargets) describe(`conformance: ${target.kind}`, () => remoteSuite(target))
for (const target of documentTargets) describe(`conformance: ${target.kind} (documents)`, () => documentSuite(target))
