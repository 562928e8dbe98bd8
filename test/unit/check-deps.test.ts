import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { checkDependencies, importsOf } from '../../scripts/check-deps'

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'deps-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

describe('the dependency-direction check', () => {
  test('the repository itself follows the architecture', () => {
    expect(checkDependencies(join(__dirname, '..', '..'))).toEqual([])
  })

  test('finds every form of import', () => {
    expect(importsOf(`import a from './a'\nimport { b,\n c } from "./b"\nexport * from './c'\nimport './d'\nconst e = require('./e')\n// import x from './commented'\n`)).toEqual(
      expect.arrayContaining(['./a', './b', './c', './d', './e']),
    )
    expect(importsOf(`// import x from './commented'`)).toEqual([])
  })

  test('a connector importing the store, an npm package or another connector is reported', () => {
    const root = tree({
      'src/connector-sdk/index.ts': `export const x = 1`,
      'src/store/database.ts': `export const db = 1`,
      'connectors/index.ts': `import { a } from './good/good.connector'`,
      'connectors/good/good.connector.ts': `import { x } from '../../src/connector-sdk'\nimport { readFileSync } from 'node:fs'`,
      'connectors/bad/bad.connector.ts': `import { db } from '../../src/store/database'\nimport axios from 'axios'\nimport { a } from '../good/good.connector'`,
    })
    const found = checkDependencies(root).map((v) => `${v.file} ${v.imports}`)
    expect(found.sort()).toEqual(['connectors/bad/bad.connector.ts ../../src/store/database', 'connectors/bad/bad.connector.ts ../good/good.connector', 'connectors/bad/bad.connector.ts axios'].sort())
  })

  test('importing the API from a domain folder, or a folder missing from the table, is reported', () => {
    const root = tree({
      'src/api/app.ts': `export const app = 1`,
      'src/customers/view.ts': `import { app } from '../api/app'`,
      'src/newthing/x.ts': `import { app } from '../customers/view'`,
    })
    const rules = checkDependencies(root).map((v) => v.rule)
    expect(rules).toEqual(expect.arrayContaining([expect.stringContaining('customers may import only'), expect.stringContaining('src/newthing has no place')]))
  })
})
