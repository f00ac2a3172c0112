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
        Search by device id, address, short id or epoch
      </label>
      <input
        id="search-input"
        type="search"
        placeholder="Id, 0x12ab…cdef or epoch"
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
          Enter a device id or address (0x and hex digits, whole or short as the lists show them, e.g. 0x1234ab…cdef) or an epoch number.
        </span>
      ) : null}
    </form>
  )
}
