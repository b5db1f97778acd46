'use client'

import { useMemo } from 'react'
import { useBillingContext } from './billing-context.js'
import type { BillingFormatter } from './create-billing-formatter.js'
import { enStatusMessages } from './messages/en-status-messages.js'

/**
 * The provider's formatter with the status components' English words underneath: the provider
 * carries only the actions' English, so a page without a card, banner or badge does not ship these.
 */
export function useStatusFormat(): BillingFormatter {
  const { format } = useBillingContext()
  return useMemo(() => format.withDefaults(enStatusMessages), [format])
}
