import { useCallback, useEffect, useRef, useState } from 'preact/hooks'

export interface Async<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  /** Loads again (after a change); the data shown stays until the new answer arrives. */
  reload: () => void
  setData: (data: T) => void
}

/**
 * Loads `load()` when a dependency changes. An answer that arrives after a newer request started is
 * dropped, so a fast typist never sees an older search's rows replace a newer one's.
 */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true })
  const [tick, setTick] = useState(0)
  const latest = useRef(0)
  useEffect(() => {
    const id = ++latest.current
    setState((s) => ({ ...s, loading: true }))
    load().then(
      (data) => id === latest.current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => id === latest.current && setState((s) => ({ data: s.data, error, loading: false })),
    )
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick])
  const reload = useCallback(() => setTick((t) => t + 1), [])
  const setData = useCallback((data: T) => setState({ data, error: undefined, loading: false }), [])
  return { ...state, reload, setData }
}

/** `value`, once it has stopped changing for `ms` (live counts while a form is being typed). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return settled
}

/** Runs an action with a busy flag and keeps its error for display; resolves to the result or undefined. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): { run: (...args: A) => Promise<R | undefined>; busy: boolean; error: unknown; clear: () => void } {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const run = async (...args: A) => {
    setBusy(true)
    setError(undefined)
    try {
      return await action(...args)
    } catch (err) {
      setError(err)
      return undefined
    } finally {
      setBusy(false)
    }
  }
  return { run, busy, error, clear: () => setError(undefined) }
}
