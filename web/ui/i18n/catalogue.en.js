// The UI's strings for the catalogue: item types, items, kits and multiboxes (en); the same keys in the other language.
export default {};
