import type Stripe from 'stripe'
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../start-emulator.js'
import { stripeClientFor } from './stripe-client-for.js'

/** A running emulator and an official SDK client pointed at it. For this package's own tests. */
export interface EmulatorClient {
  stripe: Stripe
  running: RunningEmulator
  close(): Promise<void>
}

export function stripeFor(url: string, key = 'sk_test_emulator'): Stripe {
  return stripeClientFor(url, { apiKey: key })
}

export async function startEmulatorClient(options: EmulatorOptions = {}): Promise<EmulatorClient> {
  const running = await startEmulator(options)
  return { stripe: stripeFor(running.url), running, close: () => running.close() }
}
