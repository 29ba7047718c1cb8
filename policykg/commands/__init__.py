"""CLI command modules. Each module here defines click commands and a ``register(cli)``
function; :mod:`policykg.cli` loads every module of this package, so a new command needs
no edit elsewhere."""
