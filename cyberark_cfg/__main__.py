"""`python -m cyberark_cfg` runs `cfgtool`."""

from cyberark_cfg.cli.app import entry

if __name__ == "__main__":
    entry()
