/** The demo controls and test clocks exist only when the app talks to the local Stripe emulator. */
export function emulatorInUse(): boolean {
  return Boolean(process.env.STRIPE_API_BASE)
}
