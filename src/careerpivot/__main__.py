"""``python -m careerpivot``."""

from careerpivot.cli import main

if __name__ == "__main__":
    main()
