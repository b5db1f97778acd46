/**
 * `next start` runs an app without source maps (only `next dev` turns them on), but tsx, which runs the bench,
 * turns them on, and then every stack that is read is mapped: the Stripe SDK reads one on every call, about
 * 0.1 ms each on this machine, so a handler's own time would carry a cost production does not pay. Each bench
 * entry imports this first, so the kit is measured as it runs in production.
 */
process.setSourceMapsEnabled(false)
