"""The Qt-free core: facts, validation, rules, clause database, reports."""
