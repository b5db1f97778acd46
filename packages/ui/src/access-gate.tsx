'use client'

import type { AccessLevel } from '@portal-kit/core'
import type { ReactNode } from 'react'
import { useBillingStatus } from './use-billing-status.js'

export interface AccessGateProps {
  /** The access levels that see the children. Default full and grace. */
  allow?: readonly AccessLevel[]
  /** Shown to every other access level. */
  fallback?: ReactNode
  children?: ReactNode
}

const paidAccess: readonly AccessLevel[] = ['full', 'grace']

/** Renders its children only for the allowed access levels; nothing until the status is known. */
export function AccessGate({ allow = paidAccess, fallback = null, children }: AccessGateProps) {
  const { data: status } = useBillingStatus()
  if (!status) return null
  return <>{allow.includes(status.access) ? children : fallback}</>
}
