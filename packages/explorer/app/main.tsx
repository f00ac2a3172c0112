import { render } from 'preact'
import { App } from './App.tsx'
import './styles.css'

const root = document.getElementById('app')!
// The page ships a "Loading…" line for the moment before this script runs; the app replaces it.
root.replaceChildren()
render(<App />, root)
