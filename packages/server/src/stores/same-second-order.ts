/** The parts of a subscription version that order it against another one from the same second. */
export interface VersionKey {
  sourceAt: number
  sourceRank: number
  sourceId: string
  status: string
}

/** Payload ranks of `customer.subscription.created` (see `webhooks/payload-version-rank.ts`). */
const createdRanks = { min: 10, max: 19 }
const endedStatuses = ['canceled', 'incomplete_expired']

/**
 * Where a version sits in a subscription's lifecycle, as far as that is certain whatever happened in
 * between: its creation comes before any other version, `incomplete` before any other status (it never
 * comes back), and an ended status after every other one (it never ends). 0–2 for the created event's
 * version, 3–5 for any other (a later event, or a fetch, which never precedes the creation).
 */
export function lifecycleStage(version: Pick<VersionKey, 'sourceRank' | 'status'>): number {
  const created = version.sourceRank >= createdRanks.min && version.sourceRank <= createdRanks.max
  const status = version.status === 'incomplete' ? 0 : endedStatuses.includes(version.status) ? 2 : 1
  return (created ? 0 : 3) + status
}

/** `lifecycleStage` as SQL over a rank and a status column. */
export function lifecycleStageSql(rank: string, status: string): string {
  return `(CASE WHEN ${rank} BETWEEN ${createdRanks.min} AND ${createdRanks.max} THEN 0 ELSE 3 END
    + CASE WHEN ${status} = 'incomplete' THEN 0 WHEN ${status} IN (${endedStatuses.map((s) => `'${s}'`).join(', ')}) THEN 2 ELSE 1 END)`
}

/** The stored order of versions: time, then rank, then id (what the upsert compares). */
export function isNewerVersion(
  version: Pick<VersionKey, 'sourceAt' | 'sourceRank' | 'sourceId'>,
  than: Pick<VersionKey, 'sourceAt' | 'sourceRank' | 'sourceId'>,
): boolean {
  if (version.sourceAt !== than.sourceAt) return version.sourceAt > than.sourceAt
  if (version.sourceRank !== than.sourceRank) return version.sourceRank > than.sourceRank
  return version.sourceId > than.sourceId
}

/**
 * How a version compares with a stored one from the same second. The stored order (time, rank, id) cannot
 * tell which came first within a second; the lifecycle can when the stages differ. Only when both agree is
 * the order certain ('newer' or 'older'); otherwise it is a 'tie' that only Stripe can settle.
 */
export function sameSecondOrder(version: VersionKey, stored: VersionKey): 'newer' | 'older' | 'tie' {
  const stage = lifecycleStage(version)
  const storedStage = lifecycleStage(stored)
  if (stage === storedStage) return 'tie'
  const storedOrderSaysNewer = isNewerVersion(version, stored)
  if (storedOrderSaysNewer !== stage > storedStage) return 'tie'
  return storedOrderSaysNewer ? 'newer' : 'older'
}

/**
 * `sameSecondOrder(...) <> 'tie'` as SQL, for a version in columns of `version` against the stored row
 * `stored` (`source_at`, `source_rank`, `source_id`, `status`). Never true for a NULL in either.
 */
export function orderedInSameSecondSql(
  version: { at: string; rank: string; id: string; status: string },
  stored: string,
): string {
  const stage = lifecycleStageSql(version.rank, version.status)
  const storedStage = lifecycleStageSql(`${stored}.source_rank`, `${stored}.status`)
  return `COALESCE(${stage} <> ${storedStage} AND (${stage} > ${storedStage}) =
    ((${version.at}, ${version.rank}, ${version.id}) > (${stored}.source_at, ${stored}.source_rank, ${stored}.source_id)), false)`
}
