import type { FormObject, FormValue } from './decode-form.js'
import { invalidRequest, missingParam, unknownParam } from './stripe-api-error.js'

/**
 * Typed readers over decoded form params. Each one throws Stripe's own 400 for a value of the
 * wrong shape, so a bad request never reaches resource logic.
 */
/** Stripe's wording of allowed values: `day, month, week, or year`. */
export function oneOf(values: readonly string[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')}, or ${values.at(-1)}`
}

export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly prefix = '',
  ) {}

  private name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined
  }

  /** Rejects keys outside `allowed` with Stripe's `parameter_unknown`. `expand` is always allowed. */
  only(allowed: readonly string[]): this {
    for (const key of Object.keys(this.raw)) {
      if (key !== 'expand' && !allowed.includes(key)) throw unknownParam(this.name(key))
    }
    return this
  }

  string(key: string): string | undefined {
    const v = this.raw[key]
    if (v === undefined) return undefined
    if (typeof v !== 'string') throw invalidRequest(`Invalid string: ${this.name(key)}`, this.name(key))
    return v
  }

  requiredString(key: string): string {
    const v = this.string(key)
    if (v === undefined || v === '') throw missingParam(this.name(key))
    return v
  }

  /** `''` means "unset" in Stripe's encoding and comes back as `null`. */
  nullableString(key: string): string | null | undefined {
    const v = this.string(key)
    return v === '' ? null : v
  }

  integer(key: string): number | undefined {
    const v = this.string(key)
    if (v === undefined) return undefined
    const n = Number(v)
    if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(n)) {
      throw invalidRequest(`Invalid integer: ${v}`, this.name(key), 'parameter_invalid_integer')
    }
    return n
  }

  nullableInteger(key: string): number | null | undefined {
    const v = this.raw[key]
    if (v === '') return null
    return this.integer(key)
  }

  boolean(key: string): boolean | undefined {
    const v = this.string(key)
    if (v === undefined) return undefined
    if (v === 'true') return true
    if (v === 'false') return false
    // Stripe answers a bad boolean or enum value without an error code.
    throw invalidRequest(`Invalid boolean: ${v}`, this.name(key), null)
  }

  enum<T extends string>(key: string, values: readonly T[]): T | undefined {
    const v = this.string(key)
    if (v === undefined) return undefined
    if (!(values as readonly string[]).includes(v)) {
      throw invalidRequest(`Invalid ${this.name(key)}: must be one of ${oneOf(values)}`, this.name(key), null)
    }
    return v as T
  }

  object(key: string): Params | undefined {
    const v = this.raw[key]
    if (v === undefined || v === '') return undefined
    if (typeof v === 'string' || Array.isArray(v)) {
      throw invalidRequest(`Invalid object: ${this.name(key)}`, this.name(key))
    }
    return new Params(v, this.name(key))
  }

  requiredObject(key: string): Params {
    const o = this.object(key)
    if (!o) throw missingParam(this.name(key))
    return o
  }

  array(key: string): Params[] | undefined {
    const v = this.raw[key]
    if (v === undefined || v === '') return undefined
    if (!Array.isArray(v)) throw invalidRequest(`Invalid array: ${this.name(key)}`, this.name(key))
    return v.map((item, i) => {
      if (typeof item === 'string' || Array.isArray(item)) {
        throw invalidRequest(`Invalid object: ${this.name(key)}[${i}]`, `${this.name(key)}[${i}]`)
      }
      return new Params(item, `${this.name(key)}[${i}]`)
    })
  }

  stringArray(key: string): string[] | undefined {
    const v: FormValue | undefined = this.raw[key]
    if (v === undefined || v === '') return undefined
    const list = typeof v === 'string' ? [v] : Array.isArray(v) ? v : undefined
    if (!list || list.some((x) => typeof x !== 'string')) {
      throw invalidRequest(`Invalid array: ${this.name(key)}`, this.name(key))
    }
    return list as string[]
  }

  /** Stripe metadata: string values, `''` deletes a key, `metadata=''` clears all. */
  metadata(key = 'metadata', current: Record<string, string> = {}): Record<string, string> | undefined {
    const v = this.raw[key]
    if (v === undefined) return undefined
    if (v === '') return {}
    if (typeof v === 'string' || Array.isArray(v))
      throw invalidRequest(`Invalid object: ${this.name(key)}`, this.name(key))
    const next = { ...current }
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string')
        throw invalidRequest(`Invalid string: ${this.name(key)}[${k}]`, `${this.name(key)}[${k}]`)
      if (val === '') delete next[k]
      else next[k] = val
    }
    if (Object.keys(next).length > 50) throw invalidRequest('Metadata can have at most 50 keys.', this.name(key))
    return next
  }

  expand(): string[] {
    return this.stringArray('expand') ?? []
  }
}
