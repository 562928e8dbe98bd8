import { render } from 'preact'
import { App } from './app'

const root = document.getElementById('app')!
// The "Loading…" line the HTML shows until this script runs.
root.textContent = ''
render(<App />, root)
