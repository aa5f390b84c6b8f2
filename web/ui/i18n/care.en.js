// The UI's strings for an item's care after its return: missing parts, damage, decisions, write-off (en); the same keys in the other language.
export default {};
