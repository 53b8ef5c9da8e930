"""tsparm.ini rules (TSPARM codes)."""
