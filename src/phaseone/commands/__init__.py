"""The commands that need more than one layer (docs/architecture.md): `phaseone lock`
reads the metric's dataset, `phaseone serve` runs the gateway. A package's own commands
stay in it (`guard/commands.py`, `evals/commands.py`, `gate/commands.py`) as long as they
only use that package and the layers below it."""
