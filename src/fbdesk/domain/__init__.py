"""Plain data types and rules: no Qt, no I/O."""
