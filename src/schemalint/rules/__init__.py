"""The rules: one module per rule, listed by the registry."""
