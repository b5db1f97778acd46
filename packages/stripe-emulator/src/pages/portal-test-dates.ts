/** 2030-01-01T00:00:00Z: where the portal tests start their test clocks. */
export const start = 1_893_456_000

/** One day in seconds. */
export const day = 86_400

/** Halfway through January 2030 (31 days, so 15.5 days in), where proration tests change plans. */
export const midJanuary = start + 15.5 * day

/** 2030-02-01T00:00:00Z: the first renewal of a subscription started at `start`. */
export const february = Date.UTC(2030, 1, 1) / 1000

/** A Unix time as the hosted pages print it: a long date in UTC (`January 1, 2030`). */
export const longDate = (unixSeconds: number, locale = 'en') =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(unixSeconds * 1000))
