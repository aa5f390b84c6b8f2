// The UI's strings for the catalogue: item types, items, kits and multiboxes (ru); the same keys in the other language.
export default {};
