"""Reading files and writing exports: no Qt."""
