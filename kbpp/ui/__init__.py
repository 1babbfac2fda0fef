"""The Qt Widgets user interface. Only this package (and main.py) may import PySide6; it reads
and changes data through the plain domain functions, never through SQL."""
