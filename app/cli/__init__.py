"""The command line, one module per command group: ``main`` (the parser and the commands that fit in
a line), ``imports`` (``import``), ``report`` (``report …``), ``sync`` (``sync``, ``conflicts``) and
``backup`` (``backup``, ``restore``). Nothing is imported here: ``python -m app`` goes through
``app.bootstrap``, which imports ``app.cli.main`` only when a command is run."""
