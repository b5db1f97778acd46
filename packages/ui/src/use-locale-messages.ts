'use client'

import { useEffect, useReducer, useSyncExternalStore } from 'react'
import { billingMessageCount, catalogLanguage, loadCatalog, loadedCatalog } from './messages/billing-catalogs.js'
import type { BillingMessages } from './messages/en.js'
import { enActionMessages } from './messages/en-action-messages.js'

const subscribeToNothing = () => () => {}

/**
 * The locale's catalog, for the provider to put the host's overrides on. One not loaded yet is
 * fetched, with English meanwhile, unless the overrides already hold every message (the server passed
 * the whole catalog). Server HTML and hydration always start from English, so they match whatever
 * this page or the server process loaded before; a later mount uses a loaded catalog at once.
 */
export function useLocaleMessages(
  locale: string,
  overrides: Partial<BillingMessages> | undefined,
): Partial<BillingMessages> {
  const language = catalogLanguage(locale)
  const hydrated = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  )
  const [, catalogArrived] = useReducer((count: number) => count + 1, 0)
  const catalog = hydrated && language !== 'en' ? loadedCatalog(language) : undefined
  const complete = overrides !== undefined && Object.keys(overrides).length >= billingMessageCount
  useEffect(() => {
    // A lost chunk keeps the English words; the next provider that needs the language tries again.
    if (language !== 'en' && !catalog && !complete) loadCatalog(language).then(catalogArrived, () => {})
  }, [catalog, complete, language])
  return catalog ?? enActionMessages
}
