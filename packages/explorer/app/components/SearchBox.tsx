import { useState } from 'preact/hooks'
import { navigate } from '../lib/router.ts'
import { searchTarget } from '../lib/searchTarget.ts'

export function SearchBox() {
  const [term, setTerm] = useState('')
  const [invalid, setInvalid] = useState(false)
  const onSubmit = (event: Event) => {
    event.preventDefault()
    const target = searchTarget(term)
    setInvalid(target === undefined)
    if (target !== undefined) {
      navigate(target)
      setTerm('')
    }
  }
  return (
    <form class="search" role="search" onSubmit={onSubmit}>
      <label class="visually-hidden" for="search-input">
        Search by device id, address or epoch
      </label>
      <input
        id="search-input"
        type="search"
        placeholder="Device id, address or epoch"
        value={term}
        aria-invalid={invalid}
        aria-describedby={invalid ? 'search-hint' : undefined}
        onInput={(event) => {
          setTerm((event.target as HTMLInputElement).value)
          setInvalid(false)
        }}
      />
      <button type="submit" class="button button-primary">
        Search
      </button>
      {invalid ? (
        <span id="search-hint" class="search-hint" role="alert">
          Enter a device id (0x + 64 hex), an address (0x + 40 hex) or an epoch number.
        </span>
      ) : null}
    </form>
  )
}
