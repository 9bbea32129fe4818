"""``python -m followup``: the same command as the ``followup`` script."""

from followup.cli.main import main

if __name__ == "__main__":
    main()
