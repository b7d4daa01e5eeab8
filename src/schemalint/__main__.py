from __future__ import annotations

from schemalint.cli import main

if __name__ == "__main__":
    main()
