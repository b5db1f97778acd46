import { BillingError } from '../errors.js'

/** The string fields of a posted form (files are ignored). */
export function formFields(formData: FormData): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const [key, value] of formData.entries()) if (typeof value === 'string') fields[key] = value
  return fields
}

/**
 * Where a form post without client JavaScript goes next: the URL `open` answers (the portal or
 * Checkout), or back to the form's `returnPath` (a path on this site, else `fallbackPath`) with
 * `billing_error=<code>` when it fails with a `BillingError`.
 */
export async function formRedirectTarget(
  fields: Record<string, string>,
  fallbackPath: string,
  open: () => Promise<{ url: string }>,
): Promise<string> {
  try {
    return (await open()).url
  } catch (error) {
    if (!(error instanceof BillingError)) throw error
    const path = fields.returnPath
    const back = new URL(path?.startsWith('/') && !path.startsWith('//') ? path : fallbackPath, 'http://app.invalid')
    back.searchParams.set('billing_error', error.code)
    return back.pathname + back.search
  }
}

/** A plain HTML form posted to a route: 303 to where `formRedirectTarget` says, on the app's origin. */
export async function formPostResponse(
  req: Request,
  origin: string,
  fallbackPath: string,
  open: (fields: Record<string, string>) => Promise<{ url: string }>,
): Promise<Response> {
  let formData: FormData
  try {
    formData = await req.formData()
  } catch {
    throw new BillingError('invalid_request', 'The form body could not be read.')
  }
  const fields = formFields(formData)
  const location = new URL(await formRedirectTarget(fields, fallbackPath, () => open(fields)), origin)
  return new Response(null, {
    status: 303,
    headers: { location: location.toString(), 'cache-control': 'private, no-store' },
  })
}

/** True for the bodies a plain HTML form posts. */
export function isFormPost(req: Request): boolean {
  const type = req.headers.get('content-type') ?? ''
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')
}
