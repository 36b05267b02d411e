"""Jupyter Server settings for every trainee's server (found via JUPYTER_CONFIG_PATH).

Many servers on one machine start kernels at once (the first minutes of a class). A server
picks free TCP ports for a kernel and the kernel binds them a moment later, so two servers can
pick the same port; jupyter_client then keeps ("caches") the ports across the restarts meant
to recover, and the kernel dies after five identical failures ("Address already in use"; CI
stop 36, rehearsal of 20 trainees). Without the cache every restart draws new ports.
"""

c = get_config()  # noqa: F821

c.KernelManager.cache_ports = False
