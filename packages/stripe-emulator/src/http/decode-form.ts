import { invalidRequest } from './stripe-api-error.js'

/**
 * Decodes Stripe's bracketed form encoding (`items[0][price]=p&metadata[k]=v&expand[0]=x`)
 * into nested objects. Keys that are all non-negative integers become arrays.
 */
export type FormValue = string | FormObject | FormValue[]
export interface FormObject {
  [key: string]: FormValue
}

/** Deeper keys than any Stripe parameter needs are refused rather than recursed into. */
const maxDepth = 20

export function decodeForm(encoded: string): FormObject {
  const root: FormObject = {}
  if (!encoded) return root
  for (const pair of encoded.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const rawKey = eq === -1 ? pair : pair.slice(0, eq)
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1)
    const key = safeDecode(rawKey)
    const value = safeDecode(rawValue)
    const path = parseKeyPath(key)
    if (path.length === 0) continue
    if (path.length > maxDepth) {
      throw invalidRequest(`Invalid parameter ${key.slice(0, 100)}: nested more than ${maxDepth} levels deep.`)
    }
    assign(root, path, value)
  }
  return arrayify(root) as FormObject
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

function parseKeyPath(key: string): string[] {
  const first = key.indexOf('[')
  if (first === -1) return [key]
  const head = key.slice(0, first)
  const rest = key.slice(first)
  const parts = [head]
  const re = /\[([^\]]*)\]/g
  for (const m of rest.matchAll(re)) parts.push(m[1] ?? '')
  return parts
}

// Own properties only, defined rather than assigned: a key such as `__proto__[x]` or `constructor[y]`
// must become a plain (and then unknown) parameter, never touch Object.prototype.
function setOwn(target: FormObject, key: string, value: FormValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function getOwn(target: FormObject, key: string): FormValue | undefined {
  return Object.hasOwn(target, key) ? target[key] : undefined
}

function assign(target: FormObject, path: string[], value: string): void {
  let node: FormObject = target
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i] === '' ? String(Object.keys(node).length) : (path[i] as string)
    const existing = getOwn(node, segment)
    if (existing === undefined || typeof existing === 'string' || Array.isArray(existing)) {
      const child: FormObject = {}
      setOwn(node, segment, child)
      node = child
    } else {
      node = existing
    }
  }
  const last = path[path.length - 1] as string
  setOwn(node, last === '' ? String(Object.keys(node).length) : last, value)
}

function arrayify(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value
  const keys = Object.keys(value)
  for (const k of keys) setOwn(value, k, arrayify(value[k] as FormValue))
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => value[k] as FormValue)
  }
  return value
}
