"""`python -m cleaner` runs the command line."""

from .cli import main

# Worker processes are spawned and import this module again: only the real run may start the CLI.
if __name__ == "__main__":
    main()
