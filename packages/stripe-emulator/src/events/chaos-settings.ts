/** Fault injection for webhook delivery, each a probability from 0 to 1. */
export interface ChaosSettings {
  /** Deliver an event a second time. */
  duplicateRate: number
  /** Hold an event back by up to `maxDelayMs` before its first attempt. */
  delayRate: number
  maxDelayMs: number
  /** Swap an event with the next one queued for the same endpoint. */
  reorderRate: number
  /** Skip the first delivery attempt (the retry schedule still delivers it later). */
  dropRate: number
}

export const defaultChaos: ChaosSettings = {
  duplicateRate: 0,
  delayRate: 0,
  maxDelayMs: 0,
  reorderRate: 0,
  dropRate: 0,
}
