#!/usr/bin/env python
from lianluo.__main__ import main

if __name__ == "__main__":
    main()
