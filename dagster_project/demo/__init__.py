"""Demo data: the files a deployment's regions would send, with their faults, for demos, tests
and benchmarks. Pure Python (no Dagster imports); see `generate.generate_demo_data`."""

from dagster_project.demo.generate import DemoSummary, generate_demo_data

__all__ = ["DemoSummary", "generate_demo_data"]
