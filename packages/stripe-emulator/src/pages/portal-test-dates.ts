/** 2030-01-01T00:00:00Z: where the portal tests start their test clocks. */
export const start = 1_893_456_000

/** One day in seconds. */
export const day = 86_400

/** A Unix time as the hosted pages print it: a long date in UTC (`January 1, 2030`). */
export const longDate = (unixSeconds: number, locale = 'en') =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(unixSeconds * 1000))
