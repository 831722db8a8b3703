"""`python -m stj_factsheet` works like `stj`."""

from stj_factsheet.cli import main

if __name__ == "__main__":
    main()
