import Stripe from 'stripe'

/** The API version pinned by the installed `stripe` package; every object takes this shape. */
export const ApiVersion: string = (Stripe as unknown as { API_VERSION: string }).API_VERSION
