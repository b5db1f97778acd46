/**
 * User-visible text of the scheduled plan change, quantity, pause and card set-up flows of the hosted pages, in one
 * object so it can be localised with the rest of the pages.
 */
export const billingFlowStrings = {
  changesOn: (plan: string, date: string) => `Changes to ${plan} on ${date}`,
  planScheduledNotice: 'Your plan change was scheduled for the end of the billing period.',
  planScheduledDetail: (plan: string, date: string) => `Your subscription changes to ${plan} on ${date}.`,
  downgradesAtPeriodEnd: 'A cheaper plan or a shorter billing interval takes effect at the end of the billing period.',
  quantityLabel: 'Quantity',
  quantityHint: (min: number, max: number | null) => (max === null ? `At least ${min}.` : `From ${min} to ${max}.`),
  quantityInvalid: (min: number, max: number | null) =>
    max === null ? `Enter a quantity of at least ${min}.` : `Enter a quantity from ${min} to ${max}.`,
  pauseAction: 'Pause subscription',
  pauseTitle: 'Pause subscription',
  pauseIntro: 'No payments are collected while your subscription is paused.',
  pauseDurationLegend: 'Pause for',
  pauseIndefinitely: 'Until I resume it',
  pauseFor: (count: number, interval: string) => `${count} ${interval}${count === 1 ? '' : 's'}`,
  pauseConfirm: 'Pause subscription',
  pausedNotice: 'Your subscription was paused.',
  pausedStatus: 'Paused',
  pausedUntil: (date: string) => `Payments are paused until ${date}`,
  pausedIndefinitely: 'Payments are paused',
  resumeAction: 'Resume subscription',
  resumedNotice: 'Your subscription was resumed.',
  setupTitle: 'Save a card for future payments',
  setupHeading: 'Add a card',
  setupIntro: (business: string) => `${business} will charge this card for future payments. Nothing is charged today.`,
  setupSubmit: 'Save card',
  setupDone: 'Your card has already been saved.',
} as const
