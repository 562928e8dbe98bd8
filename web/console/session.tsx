import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Session } from './api'

export const SessionContext = createContext<Session | null>(null)

/** The signed-in key (pages render only inside a session). */
export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside a signed-in console')
  return session
}
