"""basic_psm.ini rules (PSM codes)."""
