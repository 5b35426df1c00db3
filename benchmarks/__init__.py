"""jxc_app's benchmarks, outside the product package: each prints figures and is run as a bench
command (``bench --site SITE jxc-…-benchmark``, see ``jxc_app/commands.py``) on a site kept for
benchmarks (site config ``jxc_benchmark_site: 1``). Shared helpers are in ``benchmarks.common``."""
