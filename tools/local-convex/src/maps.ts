/** The map's value for `key`, created with `make` the first time. */
export function getOrCreate<K extends object | string | number, V>(
  map: Map<K, V> | WeakMap<K & object, V>,
  key: K,
  make: () => V,
): V {
  let value = (map as Map<K, V>).get(key);
  if (value === undefined) {
    value = make();
    (map as Map<K, V>).set(key, value);
  }
  return value;
}
