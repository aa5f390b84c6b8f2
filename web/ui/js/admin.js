// Administration: users, points, organisation details, settings, usage rules, document
// templates, and the first steps of a new point.
