// The catalogue: item types, items, kits and multiboxes.
