'use client'

import type { BillingStatus } from '@portal-kit/core'
import { QueryClient } from '@tanstack/react-query'
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { type BillingActionFailure, BillingContext, type BillingContextValue } from './billing-context.js'
import { billingQueryKeys } from './billing-query-keys.js'
import { BillingRequestError } from './billing-request-error.js'
import type { BillingTransport } from './billing-transport.js'
import { createBillingFormatter } from './create-billing-formatter.js'
import { createFetchTransport, defaultBasePath } from './create-fetch-transport.js'
import type { BillingMessages } from './messages/en.js'
import { useLocaleMessages } from './use-locale-messages.js'

export interface BillingProviderProps {
  children?: ReactNode
  /** Where the server's billing route is mounted. Default `/api/billing`. */
  basePath?: string
  /** The status a server component already read (`billing.api.getStatus`), so nothing flashes while loading. */
  initialStatus?: BillingStatus | null
  /**
   * BCP 47 locale for words, dates and money. Default `en`; `de`, `fr`, `es` and `pl` ship too and
   * are loaded on demand (English meanwhile): pass `messages` from `loadBillingMessages(locale)` to
   * render them on the server.
   */
  locale?: string
  /** Overrides for any message of the catalog, or a whole catalog (`await loadBillingMessages(locale)`). */
  messages?: Partial<BillingMessages>
  /** The host's React Query client; without one the provider keeps its own. */
  queryClient?: QueryClient
  /** Replaces the fetch transport (tests, stories, a custom API client). */
  transport?: BillingTransport
  /** IANA time zone for dates; set it to render the same dates on the server and in the browser. */
  timeZone?: string
  /** Where "View plans" links point; without it those links are not shown. */
  plansHref?: string
  /** How to go to the portal or Checkout URL. Default `window.location.assign`. */
  navigate?: (url: string) => void
  /**
   * The `billing_error` query parameter the server adds after a failed form post (read it from
   * `searchParams` in the page's server component), so the reason renders without JavaScript.
   * Left undefined, the provider reads it from the URL in the browser. Either way the parameter is
   * removed from the URL once shown.
   */
  returnError?: string | null
}

const returnErrorParam = 'billing_error'

/** Gives the billing components their transport, query client, words and formats. */
export function BillingProvider({
  children,
  basePath = defaultBasePath,
  initialStatus,
  locale = 'en',
  messages,
  queryClient,
  transport,
  timeZone,
  plansHref,
  navigate,
  returnError,
}: BillingProviderProps) {
  const [shownReturnError, setShownReturnError] = useState<string | null>(returnError ?? null)
  useEffect(() => {
    if (returnError !== undefined) setShownReturnError(returnError)
  }, [returnError])
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL is read once, when the page loads
  useEffect(() => {
    const url = new URL(window.location.href)
    const fromUrl = url.searchParams.get(returnErrorParam)
    if (fromUrl === null) return
    if (returnError === undefined) setShownReturnError(fromUrl)
    // A reload or a shared link must not repeat an error that was already shown.
    url.searchParams.delete(returnErrorParam)
    window.history.replaceState(window.history.state, '', url)
  }, [])
  // Our own client is passed explicitly to each query rather than through QueryClientProvider,
  // so the host's components below us keep seeing the host's client.
  const [ownClient] = useState(() => queryClient ?? new QueryClient({ defaultOptions: { queries: { retry: 1 } } }))
  const client = queryClient ?? ownClient
  const activeTransport = useMemo(() => transport ?? createFetchTransport({ basePath }), [transport, basePath])
  const lastFullAnswer = useRef<{ etag: string; status: BillingStatus } | null>(null)
  // A later server render (after a server action, or a page the router kept) brings a status the
  // query's initialData would ignore: a different version replaces the cached one. (An effect, not a
  // layout effect: React 18 warns about those when the provider renders on the server.)
  const seededVersion = useRef(initialStatus?.version)
  useEffect(() => {
    if (!initialStatus || initialStatus.version === seededVersion.current) return
    seededVersion.current = initialStatus.version
    client.setQueryData(billingQueryKeys.status(basePath), initialStatus)
  }, [initialStatus, client, basePath])
  const [announcedNotices] = useState(() => new Set<string>())
  const [bannerNotices] = useState(() => new Set<string>())
  // Bumped when a banner mounts or leaves, so a card rendered before it (in the page order) re-reads
  // bannerNotices; the server HTML can only say it once when the banner comes first.
  const [bannerGeneration, setBannerGeneration] = useState(0)
  const bannersChanged = useCallback(() => setBannerGeneration((n) => n + 1), [])
  const [actionFailure, setActionFailure] = useState<BillingActionFailure | null>(null)
  const catalog = useLocaleMessages(locale, messages)
  const overridesKey = messages ? JSON.stringify(messages) : ''
  // biome-ignore lint/correctness/useExhaustiveDependencies: overridesKey stands for the messages' content, so an inline object does not rebuild the formatter on every render
  const format = useMemo(
    () => createBillingFormatter(locale, messages ? { ...catalog, ...messages } : catalog, timeZone),
    [locale, catalog, overridesKey, timeZone],
  )

  const fetchStatus = useCallback(
    async (signal?: AbortSignal) => {
      const last = lastFullAnswer.current
      const answer = await activeTransport.getStatus({ etag: last?.etag ?? null, signal })
      if (answer.notModified) {
        if (last) return last.status
        throw new BillingRequestError('invalid_response', 'The server answered 304 to a request without an ETag.')
      }
      lastFullAnswer.current = answer.etag ? { etag: answer.etag, status: answer.status } : null
      return answer.status
    },
    [activeTransport],
  )

  // biome-ignore lint/correctness/useExhaustiveDependencies: bannerGeneration is not read; a new value is how a banner's arrival re-renders the consumers
  const value = useMemo<BillingContextValue>(
    () => ({
      basePath,
      transport: activeTransport,
      queryClient: client,
      initialStatus: initialStatus ?? undefined,
      format,
      plansHref,
      navigate: navigate ?? ((url) => window.location.assign(url)),
      returnError: shownReturnError || null,
      announcedNotices,
      bannerNotices,
      bannersChanged,
      actionFailure,
      setActionFailure,
      fetchStatus,
    }),
    [
      basePath,
      activeTransport,
      client,
      initialStatus,
      format,
      plansHref,
      navigate,
      shownReturnError,
      announcedNotices,
      bannerNotices,
      bannersChanged,
      bannerGeneration,
      actionFailure,
      fetchStatus,
    ],
  )

  return <BillingContext.Provider value={value}>{children}</BillingContext.Provider>
}
