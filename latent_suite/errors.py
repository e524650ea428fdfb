"""User-facing errors: the CLI prints ``latent-suite: error: <message>`` on one line and exits 2."""


class LatentSuiteError(Exception):
    """Bad input (run dir, policy, flags). The message is one line a user can act on."""

    exit_code = 2


class RunError(LatentSuiteError):
    """An lm-eval output directory that cannot be read as a Run."""
