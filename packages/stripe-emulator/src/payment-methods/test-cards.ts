import { createHash } from 'node:crypto'

/** What a card does when it is used, as Stripe's documented test cards behave. */
export type CardBehavior =
  /** Attaches and every charge succeeds. */
  | 'succeeds'
  /** Attaches fine, every charge is declined (4000000000000341). */
  | 'charge_fails'
  /** Every charge needs 3D Secure authentication (4000002760003184). */
  | 'requires_action'
  /** Declined as soon as it is attached or set up (4000000000000002). */
  | 'declined'
  /** Declined for insufficient funds when attached (4000000000009995). */
  | 'insufficient_funds'

export interface TestCard {
  number: string
  behavior: CardBehavior
}

const behaviorByNumber: Record<string, CardBehavior> = {
  '4000000000000341': 'charge_fails',
  '4000000000000002': 'declined',
  '4000000000009995': 'insufficient_funds',
  '4000002760003184': 'requires_action',
}

/** Stripe's test payment method and token names (`pm_card_visa`, `tok_visa`) and the card each stands for. */
const cardByTokenName: Record<string, string> = {
  visa: '4242424242424242',
  visa_debit: '4000056655665556',
  mastercard: '5555555555554444',
  amex: '378282246310005',
  discover: '6011111111111117',
  chargeCustomerFail: '4000000000000341',
  chargeDeclined: '4000000000000002',
  chargeDeclinedInsufficientFunds: '4000000000009995',
  authenticationRequired: '4000002760003184',
  threeDSecure2Required: '4000002760003184',
}

/** The card behind a test token such as `pm_card_visa` or `tok_mastercard`, or undefined for anything else. */
export function testCardForToken(token: string): TestCard | undefined {
  const match = /^(?:pm_card_|tok_)(\w+)$/.exec(token)
  const number = match ? cardByTokenName[match[1] as string] : undefined
  return number ? { number, behavior: cardBehavior(number) } : undefined
}

export function cardBehavior(number: string): CardBehavior {
  return behaviorByNumber[number] ?? 'succeeds'
}

export function passesLuhn(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false
  let sum = 0
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i])
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

export function cardBrand(number: string): string {
  if (/^4/.test(number)) return 'visa'
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(number)) return 'mastercard'
  if (/^3[47]/.test(number)) return 'amex'
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover'
  if (/^35/.test(number)) return 'jcb'
  if (/^3(0[0-5]|[68])/.test(number)) return 'diners'
  if (/^62/.test(number)) return 'unionpay'
  return 'unknown'
}

export function cardFunding(number: string): string {
  return number === '4000056655665556' ? 'debit' : 'credit'
}

/** Stripe's fingerprint: the same card number always gives the same value. */
export function cardFingerprint(number: string): string {
  return createHash('sha256').update(`fingerprint:${number}`).digest('base64url').slice(0, 16)
}
