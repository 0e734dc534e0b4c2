"""Use cases the window and the command line share; nothing above them reaches lower layers."""
