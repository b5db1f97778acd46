/** A unix time as Stripe writes dates in descriptions and documents: `15 Jan 2030` (UTC). */
export function formatDate(unixSeconds: number): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(unixSeconds * 1000),
  )
}
