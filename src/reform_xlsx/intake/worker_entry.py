"""The first thing a new worker process runs, kept free of imports so that it runs early.

A console sends Ctrl-C to every process in it. A worker interrupted while it starts (importing the
reader takes a few tenths of a second) would print a Python traceback next to the command's own
message. The parent owns the interruption — it ends its workers on the way out (``Pool.close``) —
so a worker ignores Ctrl-C from here on. (Where the system lets a process inherit an ignored
signal, the parent also starts its workers with Ctrl-C already ignored, which covers the
interpreter's own start-up: see ``worker._interrupts_ignored``.)
"""

import signal


def entered():
    """Ignore Ctrl-C in this worker, then hand over the worker's serving loop."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):  # only the main thread may set handlers: a worker's target always runs there
        pass
    from reform_xlsx.intake.worker import _serve

    return _serve
