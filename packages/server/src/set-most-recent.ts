/**
 * Sets `key` as the most recently used entry of `map` (a `Map` keeps insertion order), then forgets the least recently
 * used one past `capacity`: the bounded per-process memories (status versions, tie hints, discounts) all work so.
 */
export function setMostRecent<K, V>(map: Map<K, V>, key: K, value: V, capacity: number): void {
  map.delete(key)
  map.set(key, value)
  if (map.size > capacity) {
    const oldest = map.keys().next()
    if (!oldest.done) map.delete(oldest.value)
  }
}
