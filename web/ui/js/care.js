// An item's care after a return: what is missing or damaged, and what is decided about it.
