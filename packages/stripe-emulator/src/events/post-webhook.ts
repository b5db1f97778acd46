import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'

export interface PostWebhookResult {
  status: number | null
  error: string | null
}

export interface PostWebhookRequest {
  url: string
  body: string
  headers: Record<string, string>
  timeoutMs: number
}

/**
 * POSTs one webhook and resolves with the response status, or with an error message for a network
 * failure or time-out. Never rejects. A fresh connection per attempt, so nothing lingers after `close()`.
 */
export function postWebhook(
  { url, body, headers, timeoutMs }: PostWebhookRequest,
  onStart: (abort: () => void) => void,
): Promise<PostWebhookResult> {
  return new Promise((resolve) => {
    let settled = false
    let timer: NodeJS.Timeout | undefined
    const finish = (result: PostWebhookResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(result)
    }
    let target: URL
    try {
      target = new URL(url)
    } catch {
      finish({ status: null, error: `Invalid URL: ${url}` })
      return
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(target, {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    })
    timer = setTimeout(() => {
      finish({ status: null, error: `Timed out after ${timeoutMs} ms` })
      req.destroy()
    }, timeoutMs)
    onStart(() => {
      finish({ status: null, error: 'Aborted' })
      req.destroy()
    })
    req.on('response', (res) => {
      res.resume()
      res.on('error', () => {})
      finish({ status: res.statusCode ?? null, error: null })
    })
    req.on('error', (error) => finish({ status: null, error: error.message || String(error) }))
    req.end(body)
  })
}
