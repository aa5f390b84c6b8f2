// The UI's strings for administration: users, points, organisation, settings, rules, templates, the first steps (en); the same keys in the other language.
export default {};
